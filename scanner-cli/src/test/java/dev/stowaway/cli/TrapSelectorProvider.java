package dev.stowaway.cli;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;

/**
 * A {@link SelectorProvider} (installed with {@code -Djava.nio.channels.spi.SelectorProvider=...}) that
 * refuses every channel and selector, writing {@code NETWORK-ATTEMPT} to stderr: NIO sockets, which
 * {@link java.net.http.HttpClient} uses, cannot be opened without it noticing. With
 * {@link NoNetworkRunner}'s socket factories it catches every way the JDK opens a socket.
 */
public final class TrapSelectorProvider extends SelectorProvider {
  /** Created by the JDK. */
  public TrapSelectorProvider() {}

  static IOException trap(String what) {
    System.err.println("NETWORK-ATTEMPT: " + what);
    return new IOException("network use refused by the test: " + what);
  }

  @Override
  public DatagramChannel openDatagramChannel() throws IOException {
    throw trap("DatagramChannel");
  }

  @Override
  public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
    throw trap("DatagramChannel");
  }

  @Override
  public Pipe openPipe() throws IOException {
    throw trap("Pipe");
  }

  @Override
  public AbstractSelector openSelector() throws IOException {
    throw trap("Selector");
  }

  @Override
  public ServerSocketChannel openServerSocketChannel() throws IOException {
    throw trap("ServerSocketChannel");
  }

  @Override
  public SocketChannel openSocketChannel() throws IOException {
    throw trap("SocketChannel");
  }
}
