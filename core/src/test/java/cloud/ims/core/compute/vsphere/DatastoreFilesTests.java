package cloud.ims.core.compute.vsphere;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cloud.ims.core.compute.DriverUnavailable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatastoreFilesTests {

	@TempDir
	Path dir;

	@Test
	void abortsTheDownloadItGivesUpWaitingFor() throws Exception {
		ExecutorService io = Executors.newFixedThreadPool(2);
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			URI sdk = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/sdk");
			DatastoreFiles files = new DatastoreFiles(new SoapTransport(sdk, SSLContext.getDefault(), io), "DC0");
			CompletableFuture<Long> download = files.download(new DatastoreFiles.DatastorePath("ds", "vm/disk.vmdk"),
					this.dir.resolve("disk.vmdk"), false);
			try (Socket connection = silent.accept()) {
				assertThatThrownBy(() -> VsphereDriver.block(download, "exporting", Duration.ofMillis(200)))
					.isInstanceOf(DriverUnavailable.class);

				connection.setSoTimeout(10_000);
				InputStream in = connection.getInputStream();
				// the request, then the end of the stream once the client closed the connection
				while (in.read() >= 0) {
				}
				assertThat(download).isCompletedExceptionally();
			}
		}
		finally {
			io.shutdownNow();
		}
	}

}
