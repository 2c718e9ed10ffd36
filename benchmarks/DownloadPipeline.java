package cloud.ims.imageworker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cloud.ims.core.imports.SourcePolicy;
import cloud.ims.core.spring.ImportSettings;
import cloud.ims.core.store.FilesystemImageStore;
import cloud.ims.core.store.StagedFile;
import cloud.ims.core.store.StagingSink;
import org.springframework.util.unit.DataSize;

/**
 * The image-worker's download path alone in a JVM (benchmarks/download-pipeline.sh): the same WebSource and
 * StagingSink as an import, without the rest of the stack. Prints two lines per run: seconds from the request to
 * the last byte staged and hashed, and the digests; then the CPU time each group of threads used during the run
 * (from /proc, so the JIT compilers and the GC count too), and the file server's if its pid is given.
 */
public final class DownloadPipeline {

	public static void main(String[] args) throws Exception {
		String url = args[0];
		Path store = Path.of(args[1]);
		int runs = Integer.parseInt(args[2]);
		String serverPid = (args.length > 3) ? args[3] : null;
		ImportSettings settings = new ImportSettings(Set.of("127.0.0.1"), DataSize.ofGigabytes(64),
				Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(10), 5, DataSize.ofBytes(0),
				Duration.ofSeconds(60));
		WebSource web = new WebSource(new SourcePolicy(settings.allowedHosts()), settings);
		FilesystemImageStore images = new FilesystemImageStore(store);
		for (int run = 1; run <= runs; run++) {
			Map<String, Long> cpuBefore = threadCpuTicks();
			long jvmBefore = processCpuTicks("self");
			long serverBefore = (serverPid != null) ? processCpuTicks(serverPid) : 0;
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
			System.out.println("cpu " + run + ": " + cpuSince(jvmBefore, cpuBefore)
					+ ((serverPid != null) ? ", file server " + seconds(processCpuTicks(serverPid) - serverBefore) : ""));
			Files.delete(staged.path());
		}
		System.exit(0);
	}


	/** CPU ticks (user and system) of this JVM's threads, summed by name with the digits left out. */
	private static Map<String, Long> threadCpuTicks() throws IOException {
		Map<String, Long> ticks = new TreeMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			for (Path task : tasks.toList()) {
				try {
					String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#");
					ticks.merge(name, ticksOf(Files.readString(task.resolve("stat"))), Long::sum);
				}
				catch (IOException ended) {
					// The thread ended meanwhile.
				}
			}
		}
		return ticks;
	}

	/** The JVM's CPU since {@code before}, and the share of each group of threads; threads that ended meanwhile (the digests) count in the JVM's total only. */
	private static String cpuSince(long jvmBefore, Map<String, Long> before) throws IOException {
		Map<String, Long> after = threadCpuTicks();
		long jvm = processCpuTicks("self") - jvmBefore;
		long live = after.entrySet().stream().mapToLong((entry) -> entry.getValue() - before.getOrDefault(entry.getKey(), 0L)).sum();
		return "JVM " + seconds(jvm) + " (threads that ended, the digests: " + seconds(jvm - live) + "; " + after.entrySet().stream()
			.map((entry) -> Map.entry(entry.getKey(), entry.getValue() - before.getOrDefault(entry.getKey(), 0L)))
			.filter((entry) -> entry.getValue() >= 5)
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.map((entry) -> entry.getKey() + " " + seconds(entry.getValue()))
			.collect(Collectors.joining(", ")) + ")";
	}

	private static long processCpuTicks(String pid) throws IOException {
		return ticksOf(Files.readString(Path.of("/proc", pid, "stat")));
	}

	/** utime + stime of a /proc stat line; the fields after the command name, which may hold spaces. */
	private static long ticksOf(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static String seconds(long ticks) {
		return String.format("%.2f s", ticks / 100.0);
	}

}
