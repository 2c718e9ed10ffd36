package cloud.ims.imageworker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import cloud.ims.core.imports.SourcePolicy;
import cloud.ims.core.spring.ImportSettings;
import cloud.ims.core.store.FilesystemImageStore;
import cloud.ims.core.store.StagedFile;
import cloud.ims.core.store.StagingSink;
import org.springframework.util.unit.DataSize;

/**
 * The image-worker's download path alone in a JVM (benchmarks/download-pipeline.sh): the same WebSource and
 * StagingSink as an import, without the rest of the stack. Prints one line per run: seconds from the request to
 * the last byte staged and hashed, and the digests.
 */
public final class DownloadPipeline {

	public static void main(String[] args) throws Exception {
		String url = args[0];
		Path store = Path.of(args[1]);
		int runs = Integer.parseInt(args[2]);
		ImportSettings settings = new ImportSettings(Set.of("127.0.0.1"), DataSize.ofGigabytes(64),
				Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(10), 5);
		WebSource web = new WebSource(new SourcePolicy(settings.allowedHosts()), settings);
		FilesystemImageStore images = new FilesystemImageStore(store);
		for (int run = 1; run <= runs; run++) {
			long start = System.nanoTime();
			StagedFile staged;
			try (StagingSink sink = images.openStaging("download", settings.maxSize().toBytes())) {
				web.download(url, sink, (received, expected) -> {
				});
				staged = sink.finishWithoutSync();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf("run %d: %.2f s, %d bytes, sha256 %s, md5 %s%n", run, seconds, staged.digests().size(),
					staged.digests().sha256Hex(), staged.digests().md5Hex());
			Files.delete(staged.path());
		}
		System.exit(0);
	}

}
