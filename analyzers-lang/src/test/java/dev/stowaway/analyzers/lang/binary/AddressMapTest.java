package dev.stowaway.analyzers.lang.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** {@link AddressMap} on lying headers: what does not fit is left out, never an exception. */
class AddressMapTest {

  private static byte[] elf64(long phoff, int phentsize, int phnum) {
    ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    b.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F').put(4, (byte) 2).put(5, (byte) 1);
    b.putLong(0x20, phoff).putShort(0x36, (short) phentsize).putShort(0x38, (short) phnum);
    // one PT_LOAD at 0x40: address 0x400000, file offset 0x1000, size 0x1000
    b.putInt(0x40, 1).putLong(0x48, 0x1000).putLong(0x50, 0x400000).putLong(0x60, 0x1000);
    return b.array();
  }

  @Test
  void readsAnElfLoadSegment() {
    byte[] head = elf64(0x40, 56, 1);
    assertThat(AddressMap.read(ExecutableFormat.ELF, head, head.length).offsetOf(0x400010)).isEqualTo(0x1010);
  }

  /** Fuzzing found this: an e_phoff past 2^31 made Math.toIntExact throw ArithmeticException. */
  @Test
  void programHeaderOffsetBeyondAnIntIsLeftOutNotAnArithmeticException() {
    byte[] head = elf64(0x7fff_ffff_ffff_ff00L, 56, 3);
    assertThat(AddressMap.read(ExecutableFormat.ELF, head, head.length).offsetOf(0x400010)).isEqualTo(-1);
  }

  @Test
  void programHeaderTableThatOverflowsWhenIndexedIsLeftOut() {
    byte[] head = elf64(0x7fff_0000L, 0xffff, 0xffff);
    assertThat(AddressMap.read(ExecutableFormat.ELF, head, head.length).offsetOf(0x400010)).isEqualTo(-1);
  }
}
