package dev.stowaway.analyzers.secrets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho–Corasick automaton over lower-case ASCII keywords (https://doi.org/10.1145/360825.360855), compiled
 * to a dense DFA so that one pass over the text, one table lookup per character, finds which keywords
 * occur. Case-insensitive for ASCII letters; characters outside ASCII never match a keyword character.
 * Immutable and thread-safe after construction.
 */
final class KeywordMatcher {
  private static final int ALPHABET = 128;

  private final int[] delta;
  private final int[][] outputs;
  private final int keywordCount;
  /** Per keyword, its length (to turn an end position into a start). */
  private final int[] lengths;

  /** @param keywords lower-case keywords; non-ASCII characters in a keyword make it never match */
  KeywordMatcher(List<String> keywords) {
    this.keywordCount = keywords.size();
    this.lengths = keywords.stream().mapToInt(String::length).toArray();
    List<int[]> gotoRows = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    gotoRows.add(newRow());
    out.add(new ArrayList<>());
    for (int k = 0; k < keywords.size(); k++) {
      String kw = keywords.get(k);
      int state = 0;
      boolean ascii = true;
      for (int i = 0; i < kw.length() && ascii; i++) {
        char c = kw.charAt(i);
        if (c >= ALPHABET) {
          ascii = false;
          break;
        }
        int next = gotoRows.get(state)[c];
        if (next < 0) {
          next = gotoRows.size();
          gotoRows.add(newRow());
          out.add(new ArrayList<>());
          gotoRows.get(state)[c] = next;
        }
        state = next;
      }
      if (ascii && !kw.isEmpty()) {
        out.get(state).add(k);
      }
    }
    int n = gotoRows.size();
    int[] fail = new int[n];
    delta = new int[n * ALPHABET];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < ALPHABET; c++) {
      int s = gotoRows.get(0)[c];
      if (s < 0) {
        delta[c] = 0;
      } else {
        delta[c] = s;
        fail[s] = 0;
        queue.add(s);
      }
    }
    while (!queue.isEmpty()) {
      int r = queue.poll();
      out.get(r).addAll(out.get(fail[r]));
      for (int c = 0; c < ALPHABET; c++) {
        int s = gotoRows.get(r)[c];
        if (s < 0) {
          delta[r * ALPHABET + c] = delta[fail[r] * ALPHABET + c];
        } else {
          delta[r * ALPHABET + c] = s;
          fail[s] = delta[fail[r] * ALPHABET + c];
          queue.add(s);
        }
      }
    }
    outputs = new int[n][];
    for (int s = 0; s < n; s++) {
      outputs[s] = out.get(s).isEmpty() ? null : out.get(s).stream().distinct().mapToInt(Integer::intValue).toArray();
    }
  }

  private static int[] newRow() {
    int[] row = new int[ALPHABET];
    Arrays.fill(row, -1);
    return row;
  }

  /**
   * Keyword occurrences in a text: per keyword (constructor order), the start offsets of its occurrences
   * in increasing order. Mutable, owned by one scan.
   */
  static final class Hits {
    private final int[][] starts;
    private final int[] counts;

    private Hits(int keywords) {
      starts = new int[keywords][];
      counts = new int[keywords];
    }

    private void add(int keyword, int start) {
      int[] a = starts[keyword];
      int n = counts[keyword];
      if (a == null) {
        a = starts[keyword] = new int[8];
      } else if (n == a.length) {
        a = starts[keyword] = Arrays.copyOf(a, n * 2);
      }
      a[n] = start;
      counts[keyword] = n + 1;
    }

    /** @return true if keyword {@code k} occurs */
    boolean present(int k) {
      return counts[k] > 0;
    }

    /** @return how many times keyword {@code k} occurs */
    int count(int k) {
      return counts[k];
    }

    /** @return the start offsets of keyword {@code k} (only the first {@link #count} entries are valid) */
    int[] starts(int k) {
      return starts[k];
    }
  }

  /**
   * One pass over bytes read as ISO-8859-1 (every byte one character; bytes from 0x80 never match).
   *
   * @param text the bytes
   * @param len how many of them to read
   * @return where each keyword occurs
   */
  Hits hits(byte[] text, int len) {
    Hits h = new Hits(keywordCount);
    int state = 0;
    for (int i = 0; i < len; i++) {
      int c = text[i];
      if (c < 0) {
        state = 0;
        continue;
      }
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      state = delta[state * ALPHABET + c];
      int[] o = outputs[state];
      if (o != null) {
        for (int k : o) {
          h.add(k, i - lengths[k] + 1);
        }
      }
    }
    return h;
  }

  /**
   * @param text the text
   * @return for each keyword index (constructor order), whether it occurs in {@code text}
   */
  boolean[] present(String text) {
    boolean[] found = new boolean[keywordCount];
    int state = 0;
    int end = text.length();
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      if (c >= ALPHABET) {
        state = 0;
        continue;
      }
      state = delta[state * ALPHABET + c];
      int[] o = outputs[state];
      if (o != null) {
        for (int k : o) {
          found[k] = true;
        }
      }
    }
    return found;
  }
}
