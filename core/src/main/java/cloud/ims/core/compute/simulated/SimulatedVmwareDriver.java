package cloud.ims.core.compute.simulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

import cloud.ims.core.common.Ids;
import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverStatus;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.ExportedDisk;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmNotFound;
import cloud.ims.core.compute.VmSpec;
import cloud.ims.core.compute.VmState;
import cloud.ims.core.compute.VmStateConflict;
import cloud.ims.core.qemu.DiskImageInfo;
import cloud.ims.core.qemu.Qcow2Overlay;
import cloud.ims.core.qemu.QemuImg;
import cloud.ims.core.qemu.QemuImgFailed;
import cloud.ims.core.qemu.QemuImgTimedOut;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * A faithful stand-in for the VMware Service. Like the real one it is a single shared system: everything lives under
 * one root that every worker replica mounts ({@code inventory/} records, {@code disks/} qcow2 linked clones,
 * {@code templates/} base disks, {@code locks/}, {@code exports/}), and each change of an ECS is a compare-and-set
 * under a per-ECS file lock. Latency, transient failures and limited capacity can be configured so that batches,
 * retries and circuit breakers meet realistic trouble.
 */
public final class SimulatedVmwareDriver implements ComputeDriver {

	private static final Logger logger = LoggerFactory.getLogger(SimulatedVmwareDriver.class);

	private static final long GIB = 1024L * 1024 * 1024;

	private static final Pattern FORMAT = Pattern.compile("[a-z0-9]+");

	private static final String DISK_FORMAT = "qcow2";

	/**
	 * Threads that do the file work of operations (a qcow2 overlay and an inventory record, each flushed to disk):
	 * short, but bound by fsync, so several run at once. Nobody's thread waits out an operation's latency.
	 */
	private static final int WORK_THREADS = 16;

	private final Path root;

	private final Path disks;

	private final Path exports;

	private final Inventory inventory;

	private final Templates templates;

	private final VmLocks locks;

	private final ServiceConditions conditions;

	private final QemuImg qemuImg;

	private final ExecutorService work;

	private final Map<Path, DiskImageInfo> inspected = new ConcurrentHashMap<>();

	/**
	 * @param root the shared directory that holds the whole simulated service
	 * @param latencies how long each kind of operation takes
	 * @param failureRate the probability (0 to 1) that an operation fails transiently without changing anything
	 * @param capacity how many operations this process runs at once; more wait, and fail if none frees up in time
	 */
	public SimulatedVmwareDriver(Path root, Latencies latencies, double failureRate, int capacity, QemuImg qemuImg,
			RandomGenerator random) {
		Path absoluteRoot = root.toAbsolutePath().normalize();
		this.root = absoluteRoot;
		this.disks = absoluteRoot.resolve("disks");
		this.exports = absoluteRoot.resolve("exports");
		this.inventory = new Inventory(absoluteRoot.resolve("inventory"));
		this.templates = new Templates(absoluteRoot.resolve("templates"));
		this.locks = new VmLocks(absoluteRoot.resolve("locks"));
		CustomizableThreadFactory threads = new CustomizableThreadFactory("simulated-vmware-");
		threads.setDaemon(true);
		this.work = Executors.newFixedThreadPool(WORK_THREADS, threads);
		this.conditions = new ServiceConditions(latencies, failureRate, capacity, random,
				absoluteRoot.resolve("conditions.properties"), this.work);
		this.qemuImg = qemuImg;
		try {
			for (String directory : List.of("inventory", "disks", "templates", "locks", "exports")) {
				Files.createDirectories(absoluteRoot.resolve(directory));
			}
		}
		catch (IOException ex) {
			this.work.shutdownNow();
			throw new UncheckedIOException("Cannot create the simulated VMware Service under " + absoluteRoot, ex);
		}
	}

	public SimulatedVmwareDriver(Path root, Latencies latencies, double failureRate, int capacity, QemuImg qemuImg) {
		this(root, latencies, failureRate, capacity, qemuImg, new Random());
	}

	public SimulatedVmwareDriver(Path root, Duration latency, double failureRate, int capacity, QemuImg qemuImg) {
		this(root, Latencies.uniform(latency), failureRate, capacity, qemuImg, new Random());
	}

	@Override
	public CompletableFuture<VirtualMachine> create(VmSpec spec) {
		return operate(spec.serverId(), spec.name(), Operation.CREATE, "create", () -> {
			requireWellFormed(spec);
			Optional<InventoryEntry> existing = this.inventory.read(spec.serverId());
			if (existing.isPresent()) {
				return existing.get().toVirtualMachine();
			}
			Path disk = disk(spec.serverId());
			try {
				cloneDisk(spec, disk);
				InventoryEntry entry = InventoryEntry.created(spec, Instant.now().truncatedTo(ChronoUnit.MILLIS));
				this.inventory.write(entry);
				logger.info("Created ECS {} from image {}", spec.serverId(), spec.imageId());
				return entry.toVirtualMachine();
			}
			catch (IOException | RuntimeException ex) {
				deleteQuietly(disk);
				throw ex;
			}
		});
	}

	@Override
	public CompletableFuture<VirtualMachine> start(String serverId) {
		return transition(serverId, "start", VmState.SHUTOFF, VmState.ACTIVE);
	}

	@Override
	public CompletableFuture<VirtualMachine> stop(String serverId, boolean hard) {
		return transition(serverId, "stop", VmState.ACTIVE, VmState.SHUTOFF);
	}

	@Override
	public CompletableFuture<VirtualMachine> reboot(String serverId, boolean hard) {
		return transition(serverId, "reboot", VmState.ACTIVE, VmState.ACTIVE);
	}

	@Override
	public CompletableFuture<Void> delete(String serverId) {
		return operate(serverId, null, Operation.DELETE, "delete", () -> {
			// The record goes first: an ECS without a disk must never be visible, an orphan disk is harmless.
			this.inventory.delete(serverId);
			if (Files.deleteIfExists(disk(serverId))) {
				logger.info("Deleted ECS {}", serverId);
			}
			return null;
		});
	}

	@Override
	public CompletableFuture<Optional<VirtualMachine>> find(String serverId) {
		return operate(serverId, null, Operation.LOOKUP, "look up",
				() -> this.inventory.read(serverId).map(InventoryEntry::toVirtualMachine));
	}

	/** One read of the inventory, admitted and slowed like a lookup; fails as a lookup can. */
	@Override
	public CompletableFuture<Map<String, VmState>> powerStates() {
		return this.conditions.enter(Operation.LOOKUP, null).thenApplyAsync((slot) -> {
			try (slot) {
				Map<String, VmState> states = new HashMap<>();
				this.inventory.list().forEach((entry) -> states.put(entry.serverId(), entry.state()));
				return states;
			}
			catch (IOException ex) {
				throw new DriverUnavailable("I/O failure while listing ECSs", ex);
			}
		}, this.work);
	}

	@Override
	public ExportedDisk exportSystemDisk(String serverId) {
		String operation = "export the system disk of";
		CompletableFuture<ExportedDisk> export = operate(serverId, null, Operation.EXPORT, operation, () -> {
			InventoryEntry entry = existing(serverId);
			if (entry.state() != VmState.ACTIVE && entry.state() != VmState.SHUTOFF) {
				throw new VmStateConflict(serverId, entry.state(), operation);
			}
			Path file = Files.createTempFile(this.exports, serverId + "-", "." + DISK_FORMAT);
			try {
				this.qemuImg.convert(disk(serverId), DISK_FORMAT, file, DISK_FORMAT, List.of());
				return ExportedDisk.ofTemporaryFile(file, DISK_FORMAT);
			}
			catch (IOException | RuntimeException ex) {
				deleteQuietly(file);
				throw ex;
			}
		});
		try {
			return export.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	/** Base disks are kept: linked clones of any replica may still use one, as a VMware linked clone keeps its base. */
	@Override
	public void releaseImage(String imageId) {
	}

	@Override
	public DriverStatus status() {
		return new DriverStatus("simulated", this.root.toString(), Files.isDirectory(this.root),
				"the simulated VMware Service");
	}

	@Override
	public void close() {
		this.work.shutdownNow();
	}

	/** Every ECS of the service, oldest first; for tests and operators, so it is neither slowed nor failed. */
	public List<VirtualMachine> list() {
		try {
			return this.inventory.list()
				.stream()
				.map(InventoryEntry::toVirtualMachine)
				.sorted(Comparator.comparing(VirtualMachine::createdAt).thenComparing(VirtualMachine::serverId))
				.toList();
		}
		catch (IOException ex) {
			throw new DriverUnavailable("I/O failure while listing ECSs", ex);
		}
	}

	private void cloneDisk(VmSpec spec, Path disk) throws IOException {
		Path template = this.templates.ensure(spec.imageId(), spec.imageFormat(), spec.imageFile());
		DiskImageInfo base = this.inspected.get(template);
		if (base == null) {
			base = inspect(spec, template);
			this.inspected.put(template, base);
		}
		long size = Math.max(spec.diskGb() * GIB, base.virtualSize());
		Qcow2Overlay.write(disk, template, spec.imageFormat(), size);
	}

	/** Checks a base disk once per process: bases never change once taken. */
	private DiskImageInfo inspect(VmSpec spec, Path template) throws IOException {
		DiskImageInfo base;
		try {
			base = this.qemuImg.info(template);
		}
		catch (QemuImgTimedOut ex) {
			throw ex;
		}
		catch (QemuImgFailed ex) {
			throw new DriverFailure("The data of image " + spec.imageId() + " is not a disk image", ex);
		}
		if (!base.format().equals(spec.imageFormat())) {
			throw new DriverFailure("The data of image " + spec.imageId() + " is " + base.format() + ", not "
					+ spec.imageFormat());
		}
		if (base.referencesOtherFiles()) {
			throw new DriverFailure("The data of image " + spec.imageId() + " references other files");
		}
		return base;
	}

	private CompletableFuture<VirtualMachine> transition(String serverId, String operation, VmState required,
			VmState next) {
		return operate(serverId, null, Operation.POWER, operation, () -> {
			InventoryEntry entry = existing(serverId);
			if (entry.state() != required) {
				throw new VmStateConflict(serverId, entry.state(), operation);
			}
			if (next != entry.state()) {
				entry = entry.withState(next);
				this.inventory.write(entry);
			}
			logger.info("ECS {}: {} done, now {}", serverId, operation, next);
			return entry.toVirtualMachine();
		});
	}

	private InventoryEntry existing(String serverId) throws IOException {
		return this.inventory.read(serverId).orElseThrow(() -> new VmNotFound(serverId));
	}

	/**
	 * Runs the action once the service admits the operation (its latency passed), under the ECS's lock, on the
	 * service's own threads; every failure completes the answer, none is thrown.
	 */
	private <T> CompletableFuture<T> operate(String serverId, @Nullable String name, Operation kind, String operation,
			VmLocks.LockedAction<T> action) {
		if (!Ids.isWellFormed(serverId)) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("Not a server id: " + serverId));
		}
		return this.conditions.enter(kind, name).thenApplyAsync((slot) -> {
			try (slot) {
				return this.locks.withLock(serverId, action);
			}
			catch (QemuImgTimedOut ex) {
				throw new DriverUnavailable("Could not " + operation + " ECS " + serverId + " in time", ex);
			}
			catch (QemuImgFailed ex) {
				throw new DriverFailure("Could not " + operation + " ECS " + serverId + ": " + ex.getMessage(), ex);
			}
			catch (IOException ex) {
				throw new DriverUnavailable("I/O failure while trying to " + operation + " ECS " + serverId, ex);
			}
		}, this.work);
	}

	private Path disk(String serverId) {
		return this.disks.resolve(serverId + "." + DISK_FORMAT);
	}

	private static void requireWellFormed(VmSpec spec) {
		if (!Ids.isWellFormed(spec.imageId())) {
			throw new IllegalArgumentException("Not an image id: " + spec.imageId());
		}
		if (!FORMAT.matcher(spec.imageFormat()).matches()) {
			throw new IllegalArgumentException("Not a disk format: " + spec.imageFormat());
		}
		if (spec.vcpus() < 1 || spec.ramMb() < 1 || spec.diskGb() < 1) {
			throw new IllegalArgumentException("vcpus, ramMb and diskGb must be positive");
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.warn("Could not delete {}", file.getFileName(), ex);
		}
	}

}
