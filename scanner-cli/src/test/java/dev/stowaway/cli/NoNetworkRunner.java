package dev.stowaway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Runs the CLI with every socket trapped (see {@link TrapSelectorProvider}); {@code control} instead tries
 * the ways a socket can be opened, to prove the traps see them. Exit code: the CLI's.
 */
public final class NoNetworkRunner {
  private NoNetworkRunner() {}

  /**
   * Installs the traps and runs.
   *
   * @param args {@code control}, or the CLI's arguments
   * @throws IOException if a factory cannot be installed
   */
  @SuppressWarnings("deprecation")
  public static void main(String[] args) throws IOException {
    Socket.setSocketImplFactory(() -> {
      throw new UnsupportedOperationException(TrapSelectorProvider.trap("Socket").getMessage());
    });
    ServerSocket.setSocketFactory(() -> {
      throw new UnsupportedOperationException(TrapSelectorProvider.trap("ServerSocket").getMessage());
    });
    if (args[0].equals("control")) {
      tryIt(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", 9)));
      tryIt(() -> SocketChannel.open(new InetSocketAddress("127.0.0.1", 9)));
      tryIt(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/")).build(),
          HttpResponse.BodyHandlers.discarding()));
      System.exit(0);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(Main.run(args, out, err));
  }

  private interface Attempt {
    void run() throws Exception;
  }

  private static void tryIt(Attempt a) {
    try {
      a.run();
    } catch (Exception | Error e) {
      // expected: refused
    }
  }
}
