package cloud.ims.core.compute.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;


import org.w3c.dom.Element;

import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;

/**
 * Puts an image's streamOptimized VMDK into vCenter as a template VM: OvfManager.CreateImportSpec of a minimal OVF
 * descriptor made here, ResourcePool.ImportVApp, the disk streamed to the HttpNfcLease's device URL while
 * HttpNfcLeaseProgress keeps the lease alive, HttpNfcLeaseComplete (HttpNfcLeaseAbort on any failure), then
 * MarkAsTemplate.
 */
final class OvfImport {

	private static final String NIC_NETWORK = "ims-network";

	private final VsphereClient client;

	private final ScheduledExecutorService scheduler;

	private final Set<String> running = ConcurrentHashMap.newKeySet();

	OvfImport(VsphereClient client, ScheduledExecutorService scheduler) {
		this.client = client;
		this.scheduler = scheduler;
	}

	/** Whether this JVM is importing the template {@code name} now. */
	boolean isRunning(String name) {
		return this.running.contains(name);
	}

	/** Imports the disk as a template VM named {@code name}; answers the template. */
	CompletableFuture<ManagedObject> importTemplate(String name, Path vmdk) {
		this.running.add(name);
		CompletableFuture<ManagedObject> imported = doImport(name, vmdk);
		imported.whenComplete((template, error) -> this.running.remove(name));
		return imported;
	}

	private CompletableFuture<ManagedObject> doImport(String name, Path vmdk) {
		long capacityBytes;
		long size;
		try {
			capacityBytes = streamOptimizedCapacity(vmdk);
			size = Files.size(vmdk);
		}
		catch (IOException ex) {
			return CompletableFuture.failedFuture(new DriverFailure("the image's data " + vmdk + " cannot be read: "
					+ ex.getMessage(), ex));
		}
		catch (DriverFailure ex) {
			return CompletableFuture.failedFuture(ex);
		}
		VsphereInventory inventory = this.client.inventory();
		String cisp = "<cisp>" + Xml.element("locale", "") + Xml.element("deploymentOption", "")
				+ Xml.element("entityName", name) + "<networkMapping>" + Xml.element("name", NIC_NETWORK)
				+ inventory.network().object().xml("network") + "</networkMapping>"
				+ Xml.element("diskProvisioning", "thin") + "</cisp>";
		String arguments = Xml.element("ovfDescriptor", descriptor(name, size, capacityBytes))
				+ inventory.pool().object().xml("resourcePool") + inventory.datastore().object().xml("datastore") + cisp;
		return this.client.call("CreateImportSpec", this.client.session().content().ovfManager(), arguments)
			.thenCompose((response) -> {
				Element result = Xml.child(response, "returnval").orElseThrow();
				List<Element> errors = Xml.children(result, "error");
				if (!errors.isEmpty()) {
					throw new DriverFailure("vCenter cannot import the image's disk: " + errors.stream()
						.map((e) -> Xml.text(e, "localizedMessage").orElse(Xml.type(e)))
						.toList());
				}
				Element spec = Xml.child(result, "importSpec")
					.orElseThrow(() -> new DriverFailure("vCenter made no import spec for the image's disk"));
				String importSpec = "<spec xsi:type=\"" + Xml.type(spec) + "\">" + Xml.inner(spec) + "</spec>";
				return this.client.call("ImportVApp", inventory.pool().object(),
						importSpec + inventory.folder().object().xml("folder"));
			})
			.thenApply((response) -> ManagedObject.of(Xml.child(response, "returnval").orElseThrow()))
			.thenCompose((lease) -> upload(lease, vmdk, size).thenApply((vm) -> vm))
			.thenCompose((vm) -> this.client.markAsTemplate(vm).thenApply((done) -> vm));
	}

	private CompletableFuture<ManagedObject> upload(ManagedObject lease, Path vmdk, long size) {
		return this.client.tasks()
			.await(lease, "state", (state) -> !state.equals("initializing"), this.client.settings().taskTimeout(),
					"waiting for the import lease " + lease)
			.thenCompose((ready) -> this.client.reader().read(lease, "state", "error", "info"))
			.thenCompose((read) -> {
				PropertyReader.Properties properties = read
					.orElseThrow(() -> new DriverUnavailable("the import lease " + lease + " vanished"));
				if (!properties.text("state").orElse("").equals("ready")) {
					String why = properties.text("error").orElse("no reason given");
					throw new DriverFailure("vCenter could not prepare the image's import: " + why);
				}
				Element info = properties.value("info").orElseThrow();
				ManagedObject vm = Xml.child(info, "entity").map(ManagedObject::of).orElseThrow();
				Element disk = Xml.children(info, "deviceUrl")
					.stream()
					.filter((device) -> Xml.text(device, "disk").orElse("false").equals("true"))
					.findFirst()
					.orElseThrow(() -> new DriverFailure("vCenter's import lease offers no disk to upload"));
				URI target = deviceUrl(Xml.text(disk, "url").orElseThrow());
				return send(lease, target, vmdk, size).thenApply((done) -> vm);
			})
			.thenCompose((vm) -> this.client.call("HttpNfcLeaseComplete", lease, "").thenApply((done) -> vm))
			.whenComplete((vm, error) -> {
				if (error != null) {
					this.client.call("HttpNfcLeaseAbort", lease, "");
				}
			});
	}

	private CompletableFuture<Void> send(ManagedObject lease, URI target, Path vmdk, long size) {
		AtomicLong sent = new AtomicLong();
		HttpRequest.BodyPublisher file;
		try {
			file = HttpRequest.BodyPublishers.ofFile(vmdk);
		}
		catch (java.io.FileNotFoundException ex) {
			return CompletableFuture.failedFuture(new DriverFailure("the image's data " + vmdk + " is missing", ex));
		}
		HttpRequest request = this.client.transport()
			.withSession(HttpRequest.newBuilder(target)
				.timeout(java.time.Duration.ofHours(6))
				.header("Content-Type", "application/x-vnd.vmware-streamVmdk")
				.POST(new Counting(file, sent)))
			.build();
		ScheduledFuture<?> progress = this.scheduler.scheduleWithFixedDelay(() -> this.client.call(
				"HttpNfcLeaseProgress", lease, Xml.element("percent", size == 0 ? 0 : (int) (sent.get() * 100 / size))),
				0, 30, TimeUnit.SECONDS);
		return this.client.transport()
			.send(request, HttpResponse.BodyHandlers.discarding())
			.whenComplete((response, error) -> progress.cancel(false))
			.thenApply((response) -> {
				if (response.statusCode() / 100 != 2) {
					throw new DriverUnavailable(
							"vCenter refused the image's disk upload with HTTP " + response.statusCode());
				}
				return null;
			});
	}

	/** The lease's device URL with vCenter's own host where it says {@code *}. */
	private URI deviceUrl(String url) {
		URI device = URI.create(url);
		URI sdk = this.client.transport().sdk();
		String host = device.getHost() == null || device.getRawAuthority().startsWith("*") ? sdk.getRawAuthority()
				: device.getRawAuthority();
		String scheme = device.getRawAuthority() != null && device.getRawAuthority().startsWith("*") ? sdk.getScheme()
				: device.getScheme();
		return URI.create(scheme + "://" + host + device.getRawPath()
				+ (device.getRawQuery() == null ? "" : "?" + device.getRawQuery()));
	}

	static String descriptor(String name, long fileSize, long capacityBytes) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" \
				xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" \
				xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" \
				xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData" \
				xmlns:vmw="http://www.vmware.com/schema/ovf">
				  <References><File ovf:id="file1" ovf:href="disk.vmdk" ovf:size="%d"/></References>
				  <DiskSection><Info>Virtual disks</Info>
				    <Disk ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:capacity="%d" ovf:capacityAllocationUnits="byte" \
				ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
				  </DiskSection>
				  <NetworkSection><Info>Networks</Info><Network ovf:name="%s"><Description>ECS network</Description></Network></NetworkSection>
				  <VirtualSystem ovf:id="%s"><Info>An IMS image</Info><Name>%s</Name>
				    <OperatingSystemSection ovf:id="94"><Info>Guest OS</Info></OperatingSystemSection>
				    <VirtualHardwareSection><Info>Hardware</Info>
				      <System><vssd:ElementName>Virtual Hardware Family</vssd:ElementName><vssd:InstanceID>0</vssd:InstanceID>\
				<vssd:VirtualSystemIdentifier>%s</vssd:VirtualSystemIdentifier><vssd:VirtualSystemType>vmx-13</vssd:VirtualSystemType></System>
				      <Item><rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits><rasd:ElementName>1 CPU</rasd:ElementName>\
				<rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
				      <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:ElementName>512 MB</rasd:ElementName>\
				<rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>512</rasd:VirtualQuantity></Item>
				      <Item><rasd:ElementName>SCSI controller 0</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID>\
				<rasd:ResourceSubType>lsilogic</rasd:ResourceSubType><rasd:ResourceType>6</rasd:ResourceType></Item>
				      <Item><rasd:AddressOnParent>0</rasd:AddressOnParent><rasd:ElementName>Hard disk 1</rasd:ElementName>\
				<rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource><rasd:InstanceID>4</rasd:InstanceID>\
				<rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
				      <Item><rasd:AutomaticAllocation>true</rasd:AutomaticAllocation><rasd:Connection>%s</rasd:Connection>\
				<rasd:ElementName>Network adapter 1</rasd:ElementName><rasd:InstanceID>5</rasd:InstanceID>\
				<rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
				    </VirtualHardwareSection>
				  </VirtualSystem>
				</Envelope>
				""".formatted(fileSize, capacityBytes, NIC_NETWORK, Xml.escape(name), Xml.escape(name),
				Xml.escape(name), NIC_NETWORK);
	}

	/**
	 * The virtual size of a streamOptimized VMDK from its sparse extent header ("KDMV", capacity in 512-byte sectors
	 * at offset 12); anything else is not a disk vSphere can import.
	 */
	static long streamOptimizedCapacity(Path vmdk) throws IOException {
		byte[] header = new byte[20];
		try (InputStream in = Files.newInputStream(vmdk)) {
			if (in.readNBytes(header, 0, header.length) < header.length) {
				throw new DriverFailure("the image's data is too short to be a VMDK");
			}
		}
		ByteBuffer buffer = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
		if (buffer.getInt(0) != 0x564d444b) {
			throw new DriverFailure("the image's data is not a sparse (streamOptimized) VMDK");
		}
		return buffer.getLong(12) * 512;
	}

	/** A body publisher that counts what it hands to the connection, for HttpNfcLeaseProgress. */
	private record Counting(HttpRequest.BodyPublisher delegate, AtomicLong sent) implements HttpRequest.BodyPublisher {

		@Override
		public long contentLength() {
			return this.delegate.contentLength();
		}

		@Override
		public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
			this.delegate.subscribe(new Flow.Subscriber<>() {

				@Override
				public void onSubscribe(Flow.Subscription subscription) {
					subscriber.onSubscribe(subscription);
				}

				@Override
				public void onNext(ByteBuffer item) {
					Counting.this.sent.addAndGet(item.remaining());
					subscriber.onNext(item);
				}

				@Override
				public void onError(Throwable throwable) {
					subscriber.onError(throwable);
				}

				@Override
				public void onComplete() {
					subscriber.onComplete();
				}

			});
		}

	}


}
