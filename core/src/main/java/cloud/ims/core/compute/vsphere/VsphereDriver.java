package cloud.ims.core.compute.vsphere;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import cloud.ims.core.common.Completions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

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

/**
 * The VMware Service on a real vCenter. An ECS is the VM {@code ims-<serverId>} in the configured folder, carrying
 * its ids in extraConfig; an image becomes the template VM {@code ims-image-<imageId>} on its first use, so vCenter
 * itself remembers both across restarts. Every operation starts vSphere tasks and follows them through the shared
 * task poller; no thread waits for vCenter.
 */
public final class VsphereDriver implements ComputeDriver, AutoCloseable {

	static final String SERVER_ID = "ims.server-id";

	static final String IMAGE_ID = "ims.image-id";

	static final String CREATED_AT = "ims.created-at";

	private static final String VM_NAME_PREFIX = "ims-";

	private static final String TEMPLATE_NAME_PREFIX = "ims-image-";

	private static final String[] VM_PROPERTIES = { "name", "runtime.powerState", "config.hardware.numCPU",
			"config.hardware.memoryMB", "config.hardware.device", "config.extraConfig", "config.template" };

	private static final Duration BLOCKING_TIMEOUT = Duration.ofMinutes(30);

	private static final Logger logger = LoggerFactory.getLogger(VsphereDriver.class);

	private final VsphereClient client;

	private final OvfImport imports;

	private final Map<String, CompletableFuture<ManagedObject>> templates = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<VirtualMachine>> creating = new ConcurrentHashMap<>();

	/**
	 * Logs in and resolves the inventory; fails fast when a setting names what vCenter does not have. Starts all the
	 * same when vCenter cannot be reached: then operations fail as unavailable, and each tries to connect again.
	 */
	public VsphereDriver(VsphereSettings settings) {
		this.client = VsphereClient.unconnected(settings);
		try {
			this.client.awaitConnected();
		}
		catch (DriverUnavailable unreachable) {
			logger.warn("Starting without vCenter, which cannot be reached now; every operation tries again: {}",
					unreachable.getMessage());
		}
		catch (RuntimeException wrong) {
			this.client.close();
			throw wrong;
		}
		this.imports = new OvfImport(this.client, this.client.scheduler());
	}

	static String vmName(String serverId) {
		return VM_NAME_PREFIX + serverId;
	}

	static String templateName(String imageId) {
		return TEMPLATE_NAME_PREFIX + imageId;
	}

	@Override
	public CompletableFuture<VirtualMachine> create(VmSpec spec) {
		CompletableFuture<VirtualMachine> mine = new CompletableFuture<>();
		CompletableFuture<VirtualMachine> running = this.creating.putIfAbsent(spec.serverId(), mine);
		if (running != null) {
			return running.thenApply((vm) -> vm);
		}
		observe(lookup(spec.serverId()).thenCompose((found) -> found.isPresent() ? CompletableFuture.completedFuture(found.get())
				: template(spec).thenCompose((template) -> cloneFrom(template, spec)))
			.thenCompose((vm) -> configureAndPowerOn(vm, spec))
			.thenCompose((vm) -> read(vm, spec.serverId())), "creating ECS " + spec.serverId())
			.whenComplete((vm, error) -> {
				this.creating.remove(spec.serverId(), mine);
				if (error != null) {
					mine.completeExceptionally(Completions.cause(error));
				}
				else {
					mine.complete(vm);
				}
			});
		return mine.thenApply((vm) -> vm);
	}

	private CompletableFuture<ManagedObject> cloneFrom(ManagedObject template, VmSpec spec) {
		String config = configSpec(spec.vcpus(), spec.ramMb(), "", true, spec);
		return this.client.clone(template, vmName(spec.serverId()), config, false).handle((vm, error) -> {
			if (error == null) {
				return CompletableFuture.completedFuture(vm);
			}
			if (Faults.is(error, "DuplicateName")) {
				// another worker cloned it meanwhile: carry on with its VM
				return lookup(spec.serverId()).thenApply((found) -> found
					.orElseThrow(() -> new DriverUnavailable("ECS " + spec.serverId() + " is being created elsewhere")));
			}
			if (Faults.notFound(error, template)) {
				// destroyed behind this driver's back: the next create imports the image again
				this.templates.computeIfPresent(spec.imageId(),
						(imageId, cached) -> cached.isDone() && !cached.isCompletedExceptionally() && template.equals(cached.join()) ? null
								: cached);
			}
			return CompletableFuture.<ManagedObject>failedFuture(error);
		}).thenCompose((vm) -> vm);
	}

	/** Sets the flavor (vcsim's CloneVM keeps the template's hardware) and grows the disk, then powers on. */
	private CompletableFuture<ManagedObject> configureAndPowerOn(ManagedObject vm, VmSpec spec) {
		return onVm(this.client.reader().read(vm, VM_PROPERTIES), vm, spec.serverId()).thenCompose((read) -> {
			PropertyReader.Properties properties = read.orElseThrow(() -> new VmNotFound(spec.serverId()));
			int cpus = Integer.parseInt(properties.text("config.hardware.numCPU").orElse("0"));
			int memory = Integer.parseInt(properties.text("config.hardware.memoryMB").orElse("0"));
			Optional<Element> disk = systemDisk(properties);
			long wantedKb = (long) spec.diskGb() * 1024 * 1024;
			String grow = disk.filter((d) -> capacityKb(d) < wantedKb).map((d) -> grow(d, wantedKb)).orElse("");
			boolean on = properties.text("runtime.powerState").orElse("").equals("poweredOn");
			CompletableFuture<Void> configured = CompletableFuture.completedFuture(null);
			if (!on && (cpus != spec.vcpus() || memory != spec.ramMb() || !grow.isEmpty())) {
				configured = onVm(this.client.reconfigure(vm, configSpec(spec.vcpus(), spec.ramMb(), grow, false, spec)),
						vm, spec.serverId());
			}
			return configured.thenCompose((done) -> on ? CompletableFuture.completedFuture(null)
					: onVm(this.client.powerOn(vm), vm, spec.serverId()).exceptionally((error) -> {
						if (Faults.is(error, "InvalidPowerState")) {
							return null;
						}
						throw Faults.toPort(error, "powering on ECS " + spec.serverId());
					}))
				.thenApply((done) -> vm);
		});
	}

	private static String configSpec(int vcpus, int ramMb, String deviceChange, boolean withIds, VmSpec spec) {
		StringBuilder config = new StringBuilder();
		if (withIds) {
			config.append(Xml.element("annotation", "IMS ECS " + spec.serverId() + " (" + spec.name() + ") from image "
					+ spec.imageId()));
		}
		config.append(Xml.element("numCPUs", vcpus)).append(Xml.element("memoryMB", ramMb)).append(deviceChange);
		if (withIds) {
			config.append(option(SERVER_ID, spec.serverId()))
				.append(option(IMAGE_ID, spec.imageId()))
				.append(option(CREATED_AT, Instant.now().toString()));
		}
		return config.toString();
	}

	private static String option(String key, String value) {
		return "<extraConfig>" + Xml.element("key", key) + "<value xsi:type=\"xsd:string\">" + Xml.escape(value)
				+ "</value></extraConfig>";
	}

	private static String grow(Element disk, long capacityKb) {
		Element edited = (Element) disk.cloneNode(true);
		for (Element child : Xml.children(edited)) {
			if (child.getLocalName().equals("capacityInKB")) {
				child.setTextContent(Long.toString(capacityKb));
			}
			else if (child.getLocalName().equals("capacityInBytes")) {
				child.setTextContent(Long.toString(capacityKb * 1024));
			}
		}
		return "<deviceChange>" + Xml.element("operation", "edit") + "<device xsi:type=\"VirtualDisk\">"
				+ Xml.inner(edited) + "</device></deviceChange>";
	}

	private CompletableFuture<ManagedObject> template(VmSpec spec) {
		CompletableFuture<ManagedObject> mine = new CompletableFuture<>();
		CompletableFuture<ManagedObject> shared = this.templates.putIfAbsent(spec.imageId(), mine);
		if (shared != null) {
			return shared;
		}
		String name = templateName(spec.imageId());
		ManagedObject folder = this.client.inventory().folder().object();
		this.client.findChild(folder, name).thenCompose((found) -> {
			if (found.isPresent()) {
				// made by this or another worker: once it is a template it is ready
				return finishHalfMade(found.get(), name)
					.thenCompose((tried) -> this.client.tasks()
						.await(found.get(), "config.template", "true"::equals, this.client.settings().taskTimeout(),
								"waiting for the template of image " + spec.imageId()))
					.thenApply((ready) -> found.get());
			}
			if (!spec.imageFormat().toLowerCase(Locale.ROOT).equals("vmdk")) {
				throw new DriverFailure("vSphere takes images as streamOptimized VMDK, not " + spec.imageFormat()
						+ " (image " + spec.imageId() + ")");
			}
			return this.imports.importTemplate(name, spec.imageFile()).handle((template, error) -> {
				if (error != null && Faults.is(error, "DuplicateName")) {
					return this.client.findChild(folder, name)
						.thenApply((again) -> again.orElseThrow(() -> Faults.toPort(error, "importing image")));
				}
				if (error != null) {
					return CompletableFuture.<ManagedObject>failedFuture(error);
				}
				return CompletableFuture.completedFuture(template);
			}).thenCompose((template) -> template);
		}).whenComplete((template, error) -> {
			if (error != null) {
				this.templates.remove(spec.imageId(), mine);
				mine.completeExceptionally(Completions.cause(error));
			}
			else {
				mine.complete(template);
			}
		});
		return mine;
	}

	/**
	 * Marks as a template the VM of an import that ended between HttpNfcLeaseComplete and MarkAsTemplate (a crash, a
	 * failed call). vCenter refuses while another worker's import still holds its lease: then that import finishes it.
	 */
	private CompletableFuture<Void> finishHalfMade(ManagedObject vm, String name) {
		if (this.imports.isRunning(name)) {
			return CompletableFuture.completedFuture(null);
		}
		return this.client.reader().read(vm, "config.template").thenCompose((read) -> {
			boolean template = read.flatMap((properties) -> properties.text("config.template")).orElse("true")
				.equals("true");
			return template ? CompletableFuture.<Void>completedFuture(null)
					: this.client.markAsTemplate(vm).exceptionally((refused) -> null);
		});
	}

	@Override
	public CompletableFuture<VirtualMachine> start(String serverId) {
		return observe(existing(serverId).thenCompose((vm) -> read(vm, serverId).thenCompose((before) -> {
			if (before.state() == VmState.ACTIVE) {
				throw new VmStateConflict(serverId, VmState.ACTIVE, "start");
			}
			return onVm(this.client.powerOn(vm), vm, serverId)
				.exceptionally((error) -> conflictOr(error, serverId, VmState.ACTIVE, "start"))
				.thenCompose((done) -> read(vm, serverId));
		})), "starting ECS " + serverId);
	}

	@Override
	public CompletableFuture<VirtualMachine> stop(String serverId, boolean hard) {
		return observe(existing(serverId).thenCompose((vm) -> read(vm, serverId).thenCompose((before) -> {
			if (before.state() != VmState.ACTIVE) {
				throw new VmStateConflict(serverId, before.state(), "stop");
			}
			CompletableFuture<Void> stopped = onVm(hard ? this.client.powerOff(vm) : stopSoftly(vm), vm, serverId);
			return stopped.exceptionally((error) -> conflictOr(error, serverId, VmState.SHUTOFF, "stop"))
				.thenCompose((done) -> read(vm, serverId));
		})), "stopping ECS " + serverId);
	}

	/**
	 * ShutdownGuest, then the power state followed by the poller; powered off when the guest cannot shut down or is
	 * late. Any other failure (vCenter busy or unreachable) is the stop's: powering off then could lose a guest's data.
	 */
	private CompletableFuture<Void> stopSoftly(ManagedObject vm) {
		return this.client.shutdownGuest(vm).handle((asked, error) -> {
			if (error != null) {
				if (Faults.guestCannotShutDown(error)) {
					return this.client.powerOff(vm);
				}
				return CompletableFuture.<Void>failedFuture(Completions.cause(error));
			}
			return this.client.tasks()
				.await(vm, "runtime.powerState", "poweredOff"::equals, this.client.settings().softStopTimeout(),
						"the guest of " + vm + " shutting down")
				.handle((off, late) -> late == null ? CompletableFuture.<Void>completedFuture(null)
						: this.client.powerOff(vm).exceptionally((again) -> {
							if (Faults.is(again, "InvalidPowerState")) {
								return null;
							}
							throw new CompletionException(Completions.cause(again));
						}))
				.thenCompose((done) -> done);
		}).thenCompose((done) -> done);
	}

	@Override
	public CompletableFuture<VirtualMachine> reboot(String serverId, boolean hard) {
		return observe(existing(serverId).thenCompose((vm) -> read(vm, serverId).thenCompose((before) -> {
			if (before.state() != VmState.ACTIVE) {
				throw new VmStateConflict(serverId, before.state(), "reboot");
			}
			CompletableFuture<Void> rebooted = hard ? onVm(this.client.reset(vm), vm, serverId)
					: onVm(this.client.rebootGuest(vm), vm, serverId).handle((done, error) -> {
						if (error == null) {
							return CompletableFuture.<Void>completedFuture(null);
						}
						if (Faults.guestCannotShutDown(error)) {
							// no guest to ask (vcsim has no RebootGuest at all): reset instead
							return onVm(this.client.reset(vm), vm, serverId);
						}
						return CompletableFuture.<Void>failedFuture(error);
					}).thenCompose((done) -> done);
			return rebooted.exceptionally((error) -> conflictOr(error, serverId, VmState.SHUTOFF, "reboot"))
				.thenCompose((done) -> read(vm, serverId));
		})), "rebooting ECS " + serverId);
	}

	@Override
	public CompletableFuture<Void> delete(String serverId) {
		return observe(lookup(serverId).thenCompose((found) -> {
			if (found.isEmpty()) {
				return CompletableFuture.<Void>completedFuture(null);
			}
			ManagedObject vm = found.get();
			return onVm(this.client.powerOff(vm), vm, serverId).exceptionally((error) -> {
				if (Faults.is(error, "InvalidPowerState")) {
					return null;
				}
				throw Faults.toPort(error, "powering off ECS " + serverId);
			}).thenCompose((off) -> onVm(this.client.destroy(vm), vm, serverId)).exceptionally((error) -> {
				if (Completions.cause(error) instanceof VmNotFound) {
					// gone between the lookup and here: deleted all the same
					return null;
				}
				throw Faults.toPort(error, "deleting ECS " + serverId);
			});
		}), "deleting ECS " + serverId);
	}

	@Override
	public CompletableFuture<Optional<VirtualMachine>> find(String serverId) {
		return observe(lookup(serverId).thenCompose((found) -> found.isEmpty()
				? CompletableFuture.completedFuture(Optional.<VirtualMachine>empty())
				: read(found.get(), serverId).thenApply(Optional::of).exceptionally((error) -> {
					if (Completions.cause(error) instanceof VmNotFound) {
						return Optional.empty();
					}
					throw Faults.toPort(error, "reading ECS " + serverId);
				})), "finding ECS " + serverId);
	}

	@Override
	public ExportedDisk exportSystemDisk(String serverId) {
		Path file = null;
		try {
			ManagedObject vm = block(existing(serverId), "exporting the disk of ECS " + serverId);
			PropertyReader.Properties properties = block(onVm(this.client.reader().read(vm, VM_PROPERTIES), vm, serverId),
					"exporting the disk of ECS " + serverId)
				.orElseThrow(() -> new VmNotFound(serverId));
			Element disk = systemDisk(properties)
				.orElseThrow(() -> new DriverFailure("ECS " + serverId + " has no disk to export"));
			String fileName = Xml.child(disk, "backing")
				.flatMap((backing) -> Xml.text(backing, "fileName"))
				.orElseThrow(() -> new DriverFailure("the disk of ECS " + serverId + " has no file"));
			DatastoreFiles.DatastorePath vmdk = DatastoreFiles.DatastorePath.parse(fileName);
			file = Files.createTempFile("ims-export-", ".vmdk");
			block(this.client.files().download(vmdk, file, false), "exporting the disk of ECS " + serverId,
					DatastoreFiles.TRANSFER_TIMEOUT);
			Optional<DiskDescriptor> descriptor = DiskDescriptor.read(file, fileName);
			if (descriptor.isEmpty()) {
				return ExportedDisk.ofTemporaryFile(file, "vmdk");
			}
			// The .vmdk only describes the disk: its flat extents, in order, are the disk's bytes (a raw image).
			Files.write(file, new byte[0]);
			for (String extent : descriptor.get().extents()) {
				block(this.client.files().download(vmdk.sibling(extent), file, true),
						"exporting the disk of ECS " + serverId, DatastoreFiles.TRANSFER_TIMEOUT);
			}
			return ExportedDisk.ofTemporaryFile(file, "raw");
		}
		catch (IOException ex) {
			deleteQuietly(file);
			throw new DriverUnavailable("cannot keep the exported disk of ECS " + serverId + ": " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			deleteQuietly(file);
			throw ex;
		}
	}

	/**
	 * Two reads whatever the number of VMs: the folder's children, then their names and power states (vCenter pages
	 * the answer). Templates and VMs that are not ECSs are left out.
	 */
	@Override
	public CompletableFuture<Map<String, VmState>> powerStates() {
		return observe(this.client.ready()
			.thenCompose((inventory) -> this.client.reader().read(inventory.folder().object(), "childEntity"))
			.thenCompose((folder) -> this.client.reader()
				.read(folder.map((read) -> read.references("childEntity")).orElse(List.of())
					.stream()
					.filter((child) -> child.type().equals("VirtualMachine"))
					.toList(), "name", "runtime.powerState", "config.template"))
			.thenApply((vms) -> {
				Map<String, VmState> states = new HashMap<>();
				for (PropertyReader.Properties vm : vms.values()) {
					String name = vm.text("name").orElse("");
					boolean template = vm.text("config.template").orElse("false").equals("true");
					if (!template && name.startsWith(VM_NAME_PREFIX) && !name.startsWith(TEMPLATE_NAME_PREFIX)) {
						states.put(name.substring(VM_NAME_PREFIX.length()), powerState(vm));
					}
				}
				return states;
			}), "listing the power states of the ECSs");
	}

	@Override
	public void releaseImage(String imageId) {
		this.templates.remove(imageId);
		block(this.client.ready()
			.thenCompose((inventory) -> this.client.findChild(inventory.folder().object(), templateName(imageId)))
			.thenCompose((found) -> found.isEmpty()
				? CompletableFuture.<Void>completedFuture(null)
				: this.client.destroy(found.get()).exceptionally((error) -> {
					if (Faults.is(error, "ManagedObjectNotFound")) {
						return null;
					}
					throw Faults.toPort(error, "releasing image " + imageId);
				})), "releasing image " + imageId);
	}

	@Override
	public DriverStatus status() {
		java.net.URI sdk = this.client.transport().sdk();
		String endpoint = sdk.getScheme() + "://" + sdk.getHost() + (sdk.getPort() < 0 ? "" : ":" + sdk.getPort())
				+ sdk.getRawPath();
		try {
			this.client.ready().thenCompose((inventory) -> this.client.currentTime()).get(10, TimeUnit.SECONDS);
			return new DriverStatus("vsphere", endpoint, true, this.client.session().content().fullName());
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			String why = Completions.cause(ex).getMessage();
			return new DriverStatus("vsphere", endpoint, false, String.valueOf(why));
		}
	}

	@Override
	public void close() {
		this.client.close();
	}

	VsphereClient client() {
		return this.client;
	}

	private CompletableFuture<Optional<ManagedObject>> lookup(String serverId) {
		return this.client.ready()
			.thenCompose((inventory) -> this.client.findChild(inventory.folder().object(), vmName(serverId)));
	}

	private CompletableFuture<ManagedObject> existing(String serverId) {
		return lookup(serverId).thenApply((found) -> found.orElseThrow(() -> new VmNotFound(serverId)));
	}

	private CompletableFuture<VirtualMachine> read(ManagedObject vm, String serverId) {
		return onVm(this.client.reader().read(vm, VM_PROPERTIES), vm, serverId).thenApply((read) -> {
			PropertyReader.Properties properties = read.orElseThrow(() -> new VmNotFound(serverId));
			Map<String, String> extra = extraConfig(properties);
			VmState state = powerState(properties);
			long diskKb = systemDisk(properties).map(VsphereDriver::capacityKb).orElse(0L);
			Instant createdAt = Optional.ofNullable(extra.get(CREATED_AT)).map(Instant::parse).orElse(Instant.EPOCH);
			return new VirtualMachine(serverId, properties.text("name").orElse(vmName(serverId)), state,
					Integer.parseInt(properties.text("config.hardware.numCPU").orElse("0")),
					Integer.parseInt(properties.text("config.hardware.memoryMB").orElse("0")),
					(int) ((diskKb + 1024 * 1024 - 1) / (1024 * 1024)), extra.getOrDefault(IMAGE_ID, ""), createdAt);
		});
	}

	/** Suspended counts as stopped: its guest does not run. */
	private static VmState powerState(PropertyReader.Properties vm) {
		return vm.text("runtime.powerState").orElse("").equals("poweredOn") ? VmState.ACTIVE : VmState.SHUTOFF;
	}

	static Map<String, String> extraConfig(PropertyReader.Properties properties) {
		Map<String, String> options = new HashMap<>();
		properties.value("config.extraConfig").ifPresent((value) -> {
			for (Element option : Xml.children(value)) {
				Xml.text(option, "key").ifPresent((key) -> options.put(key, Xml.text(option, "value").orElse("")));
			}
		});
		return options;
	}

	/** The first virtual disk: the one the image became. */
	static Optional<Element> systemDisk(PropertyReader.Properties properties) {
		return properties.value("config.hardware.device")
			.flatMap((devices) -> Xml.children(devices)
				.stream()
				.filter((device) -> Xml.type(device).equals("VirtualDisk"))
				.findFirst());
	}

	private static long capacityKb(Element disk) {
		return Xml.text(disk, "capacityInKB").map(Long::parseLong).orElse(0L);
	}

	private static <T> T conflictOr(Throwable error, String serverId, VmState current, String operation) {
		if (Faults.is(error, "InvalidPowerState", "InvalidState")) {
			throw new VmStateConflict(serverId, current, operation);
		}
		throw Faults.toPort(error, operation + " ECS " + serverId);
	}

	/** The call on the ECS's VM, with that VM gone as {@link VmNotFound}. */
	private static <T> CompletableFuture<T> onVm(CompletableFuture<T> call, ManagedObject vm, String serverId) {
		return call.exceptionally((error) -> {
			throw Faults.onVm(error, vm, serverId);
		});
	}

	/** Maps failures onto the port's exceptions. */
	private static <T> CompletableFuture<T> observe(CompletableFuture<T> operation, String what) {
		return operation.handle((result, error) -> {
			if (error != null) {
				throw Faults.toPort(error, what);
			}
			return result;
		});
	}

	private static <T> T block(CompletableFuture<T> future, String what) {
		return block(future, what, BLOCKING_TIMEOUT);
	}

	/** Waits for the future; cancels it when giving up, so that a download stops writing into its file. */
	static <T> T block(CompletableFuture<T> future, String what, Duration timeout) {
		try {
			return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new DriverUnavailable("interrupted while " + what, ex);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			future.cancel(true);
			throw new DriverUnavailable(what + " did not finish within " + timeout, ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw Faults.toPort(ex, what);
		}
	}

	private static void deleteQuietly(@Nullable Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// a temporary file: the OS cleans its temp directory
			}
		}
	}

	static List<String> vmProperties() {
		return List.of(VM_PROPERTIES);
	}

}
