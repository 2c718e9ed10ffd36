package cloud.ims.core.compute.vsphere;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * vCenter's own inventory as a test sees it, read with the driver's SOAP client and none of its logic: the VMs in
 * the VM folder IMS uses, and the files on the datastore. For tests outside this package (the standalone stack's
 * end-to-end tests against vcsim), which check every outcome in vCenter and not only in IMS's view.
 */
public final class VcenterView implements AutoCloseable {

	private static final long TIMEOUT_SECONDS = 60;

	private final VsphereDriver driver;

	public VcenterView(VsphereSettings settings) {
		this.driver = new VsphereDriver(settings);
	}

	/** A view of the vcsim at {@code url}, logged in as {@link Vcsim#USERNAME}, on its {@code VM Network}. */
	public static VcenterView of(URI url) {
		return new VcenterView(new VsphereSettings(url, Vcsim.USERNAME, Vcsim.PASSWORD, null, null, null, null, null,
				null, null, "VM Network", Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofMillis(100)));
	}

	/** Every VM and template in the VM folder, as vCenter reports it now. */
	public List<Vm> vms() {
		VsphereClient client = this.driver.client();
		List<ManagedObject> children = client.reader()
			.read(client.inventory().folder().object(), "childEntity")
			.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
			.join()
			.map((folder) -> folder.references("childEntity"))
			.orElse(List.of());
		List<ManagedObject> vms = children.stream().filter((child) -> child.type().equals("VirtualMachine")).toList();
		return read(vms).values().stream().map(VcenterView::vm).toList();
	}

	/** The VM (or template) with that name, if vCenter has one. */
	public Optional<Vm> vm(String name) {
		return this.vms().stream().filter((vm) -> vm.name().equals(name)).findFirst();
	}

	/**
	 * Replaces the system disk file of the ECS {@code serverId} (the VM {@code ims-<serverId>}) on the datastore with
	 * {@code file}, e.g. to give a vcsim clone, which has empty disks, real content to capture.
	 */
	public void putOnDisk(String serverId, Path file) {
		VsphereClient client = this.driver.client();
		ManagedObject vm = vmOf(serverId);
		PropertyReader.Properties properties = read(List.of(vm)).get(vm);
		if (properties == null) {
			throw new IllegalStateException("vCenter has no VM " + VsphereDriver.vmName(serverId));
		}
		DatastoreFiles.DatastorePath disk = DatastoreFiles.DatastorePath.parse(VsphereDriver.systemDisk(properties)
			.flatMap((device) -> Xml.child(device, "backing"))
			.flatMap((backing) -> Xml.text(backing, "fileName"))
			.orElseThrow(() -> new IllegalStateException(VsphereDriver.vmName(serverId) + " has no virtual disk")));
		client.files().upload(file, disk).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
	}

	/** Powers the ECS's VM off in vCenter itself, behind IMS's back (as an administrator or HA would). */
	public void powerOff(String serverId) {
		VsphereClient client = this.driver.client();
		client.powerOff(vmOf(serverId)).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
	}

	/** Powers the ECS's VM on in vCenter itself, behind IMS's back. */
	public void powerOn(String serverId) {
		VsphereClient client = this.driver.client();
		client.powerOn(vmOf(serverId)).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
	}

	@Override
	public void close() {
		this.driver.close();
	}

	private ManagedObject vmOf(String serverId) {
		VsphereClient client = this.driver.client();
		return client.findChild(client.inventory().folder().object(), VsphereDriver.vmName(serverId))
			.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
			.join()
			.orElseThrow(() -> new IllegalStateException("vCenter has no VM " + VsphereDriver.vmName(serverId)));
	}

	private Map<ManagedObject, PropertyReader.Properties> read(Collection<ManagedObject> vms) {
		return this.driver.client()
			.reader()
			.read(vms, VsphereDriver.vmProperties().toArray(String[]::new))
			.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
			.join();
	}

	private static Vm vm(PropertyReader.Properties properties) {
		return new Vm(properties.text("name").orElse(""), properties.text("runtime.powerState").orElse(""),
				properties.text("config.template").map(Boolean::parseBoolean).orElse(false),
				properties.text("config.hardware.numCPU").map(Integer::parseInt).orElse(0),
				properties.text("config.hardware.memoryMB").map(Integer::parseInt).orElse(0),
				VsphereDriver.extraConfig(properties).get(VsphereDriver.SERVER_ID),
				VsphereDriver.systemDisk(properties)
					.flatMap((device) -> Xml.child(device, "backing"))
					.flatMap((backing) -> Xml.text(backing, "fileName"))
					.orElse(null));
	}

	/**
	 * One VM as vCenter has it.
	 *
	 * @param powerState {@code poweredOn}, {@code poweredOff} or {@code suspended}
	 * @param serverId the {@code ims.server-id} of its extraConfig, or null
	 * @param diskFile its system disk's datastore path ({@code [datastore] folder/file.vmdk}), or null
	 */
	public record Vm(String name, String powerState, boolean template, int numCpu, int memoryMb,
			@Nullable String serverId, @Nullable String diskFile) {

		public boolean poweredOn() {
			return "poweredOn".equals(this.powerState);
		}

	}

}
