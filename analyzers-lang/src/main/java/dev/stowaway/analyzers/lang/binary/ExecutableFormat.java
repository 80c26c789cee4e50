package dev.stowaway.analyzers.lang.binary;

/** The executable container formats recognised by their first bytes. */
enum ExecutableFormat {
  ELF, PE, MACHO, NONE;

  /** Recognises ELF ({@code \x7fELF}), PE ({@code MZ}) and thin Mach-O (32/64-bit, either byte order). */
  static ExecutableFormat of(byte[] head, int length) {
    if (length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
      return ELF;
    }
    if (length >= 2 && head[0] == 'M' && head[1] == 'Z') {
      return PE;
    }
    if (length >= 4) {
      int m = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
      if (m == 0xfeedface || m == 0xfeedfacf || m == 0xcefaedfe || m == 0xcffaedfe) {
        return MACHO;
      }
    }
    return NONE;
  }
}
