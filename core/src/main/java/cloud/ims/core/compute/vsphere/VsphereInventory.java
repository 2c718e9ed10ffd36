package cloud.ims.core.compute.vsphere;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import cloud.ims.core.compute.DriverUnavailable;

/**
 * Where in vCenter's inventory IMS puts ECSs, resolved once at start from the settings' names or inventory paths. A
 * name that matches nothing (or a missing name where several would fit) fails with the setting, the value and what
 * exists instead.
 */
record VsphereInventory(Entity datacenter, Entity folder, Entity pool, Entity datastore, Entity network) {

	/** An inventory object with its name and its inventory path, e.g. {@code /DC0/datastore/LocalDS_0}. */
	record Entity(ManagedObject object, String name, String path) {

		boolean matches(String wanted) {
			String trimmed = wanted.strip();
			String relative = trimmed.startsWith("/") ? trimmed : "/" + trimmed;
			return this.name.equals(trimmed) || this.path.equals(trimmed) || this.path.endsWith(relative);
		}

	}

	static CompletableFuture<VsphereInventory> resolve(PropertyReader reader, ManagedObject rootFolder,
			VsphereSettings settings) {
		return new Resolver(reader).resolve(rootFolder, settings);
	}

	private record Resolver(PropertyReader reader) {

		CompletableFuture<VsphereInventory> resolve(ManagedObject rootFolder, VsphereSettings settings) {
			return descendants(rootFolder, "", List.of("Datacenter"), false).thenCompose((datacenters) -> {
				Entity datacenter = pick("ims.vsphere.datacenter", settings.datacenter(), datacenters, "vCenter");
				return this.reader
					.read(datacenter.object(), "vmFolder", "hostFolder", "datastore", "network")
					.thenCompose((found) -> {
						PropertyReader.Properties dc = found.orElseThrow(
								() -> new DriverUnavailable("datacenter " + datacenter.name() + " vanished"));
						String where = "datacenter " + datacenter.name();
						CompletableFuture<Entity> folder = folder(dc.reference("vmFolder").orElseThrow(), datacenter,
								settings.folder(), where);
						CompletableFuture<Entity> pool = pool(dc.reference("hostFolder").orElseThrow(), datacenter,
								settings, where);
						CompletableFuture<Entity> datastore = named(dc.references("datastore"),
								datacenter.path() + "/datastore").thenApply((all) -> pick("ims.vsphere.datastore",
										settings.datastore(), all, where));
						CompletableFuture<Entity> network = named(dc.references("network"),
								datacenter.path() + "/network").thenApply((all) -> pick("ims.vsphere.network",
										settings.network(), all, where));
						return CompletableFuture.allOf(folder, pool, datastore, network)
							.thenApply((all) -> new VsphereInventory(datacenter, folder.join(), pool.join(),
									datastore.join(), network.join()));
					});
			});
		}

		private CompletableFuture<Entity> folder(ManagedObject vmFolder, Entity datacenter, @Nullable String wanted,
				String where) {
			Entity root = new Entity(vmFolder, "vm", datacenter.path() + "/vm");
			if (wanted == null || wanted.isBlank()) {
				return CompletableFuture.completedFuture(root);
			}
			return descendants(vmFolder, root.path(), List.of("Folder"), true).thenApply((folders) -> {
				List<Entity> all = new ArrayList<>(folders);
				all.add(0, root);
				return pick("ims.vsphere.folder", wanted, all, where);
			});
		}

		private CompletableFuture<Entity> pool(ManagedObject hostFolder, Entity datacenter, VsphereSettings settings,
				String where) {
			return descendants(hostFolder, datacenter.path() + "/host",
					List.of("ClusterComputeResource", "ComputeResource"), false)
				.thenCompose((computeResources) -> {
					List<Entity> candidates = computeResources;
					if (settings.cluster() != null && !settings.cluster().isBlank()) {
						candidates = List
							.of(pick("ims.vsphere.cluster", settings.cluster(), computeResources, where));
					}
					else if (settings.resourcePool() == null || settings.resourcePool().isBlank()) {
						candidates = List.of(pick("ims.vsphere.cluster", null,
								computeResources.stream()
									.filter((c) -> c.object().type().equals("ClusterComputeResource"))
									.toList()
									.isEmpty() ? computeResources
											: computeResources.stream()
												.filter((c) -> c.object()
													.type()
													.equals("ClusterComputeResource"))
												.toList(),
								where));
					}
					List<Entity> chosen = candidates;
					return this.reader
						.read(chosen.stream().map(Entity::object).toList(), "resourcePool")
						.thenCompose((read) -> {
							List<CompletableFuture<List<Entity>>> trees = new ArrayList<>();
							for (Entity resource : chosen) {
								ManagedObject root = read.get(resource.object()).reference("resourcePool").orElseThrow();
								Entity rootPool = new Entity(root, "Resources", resource.path() + "/Resources");
								trees.add(pools(rootPool));
							}
							return CompletableFuture.allOf(trees.toArray(CompletableFuture[]::new))
								.thenApply((done) -> trees.stream().flatMap((tree) -> tree.join().stream()).toList());
						})
						.thenApply((pools) -> {
							if (settings.resourcePool() == null || settings.resourcePool().isBlank()) {
								return pools.get(0);
							}
							return pick("ims.vsphere.resource-pool", settings.resourcePool(), pools,
									chosen.size() == 1 ? "cluster " + chosen.get(0).name() : where);
						});
				});
		}

		/** The pool and every pool below it, the pool first. */
		private CompletableFuture<List<Entity>> pools(Entity pool) {
			return this.reader.read(pool.object(), "resourcePool").thenCompose((read) -> {
				List<ManagedObject> children = read.map((p) -> p.references("resourcePool")).orElse(List.of());
				return named(children, pool.path()).thenCompose((named) -> {
					List<CompletableFuture<List<Entity>>> below = named.stream().map(this::pools).toList();
					return CompletableFuture.allOf(below.toArray(CompletableFuture[]::new)).thenApply((done) -> {
						List<Entity> all = new ArrayList<>();
						all.add(pool);
						below.forEach((tree) -> all.addAll(tree.join()));
						return all;
					});
				});
			});
		}

		/** Entities of the given types below a folder, through its sub-folders. */
		private CompletableFuture<List<Entity>> descendants(ManagedObject folder, String path, List<String> types,
				boolean includeFolders) {
			return this.reader.read(folder, "childEntity").thenCompose((read) -> {
				List<ManagedObject> children = read.map((p) -> p.references("childEntity")).orElse(List.of());
				return named(children, path).thenCompose((named) -> {
					List<Entity> found = new ArrayList<>();
					List<CompletableFuture<List<Entity>>> below = new ArrayList<>();
					for (Entity child : named) {
						if (types.contains(child.object().type())) {
							found.add(child);
						}
						if (child.object().type().equals("Folder")) {
							below.add(descendants(child.object(), child.path(), types, includeFolders));
						}
					}
					return CompletableFuture.allOf(below.toArray(CompletableFuture[]::new)).thenApply((done) -> {
						below.forEach((tree) -> found.addAll(tree.join()));
						return found;
					});
				});
			});
		}

		private CompletableFuture<List<Entity>> named(List<ManagedObject> objects, String parentPath) {
			return this.reader.read(objects, "name").thenApply((read) -> {
				List<Entity> named = new ArrayList<>();
				for (Map.Entry<ManagedObject, PropertyReader.Properties> entry : read.entrySet()) {
					String name = entry.getValue().text("name").orElse(entry.getKey().value());
					named.add(new Entity(entry.getKey(), name, parentPath + "/" + name));
				}
				return named;
			});
		}

		private static Entity pick(String setting, @Nullable String wanted, List<Entity> candidates, String where) {
			String existing = candidates.isEmpty() ? "nothing"
					: candidates.stream().map(Entity::name).distinct().sorted().collect(Collectors.joining(", "));
			if (wanted == null || wanted.isBlank()) {
				if (candidates.size() == 1) {
					return candidates.get(0);
				}
				throw new IllegalArgumentException(setting + " is not set and " + where + " has "
						+ (candidates.isEmpty() ? "none" : candidates.size() + " to choose from: " + existing));
			}
			List<Entity> matching = candidates.stream().filter((c) -> c.matches(wanted)).toList();
			if (matching.size() == 1) {
				return matching.get(0);
			}
			if (matching.isEmpty()) {
				throw new IllegalArgumentException(
						setting + " '" + wanted + "' does not exist in " + where + "; it has: " + existing);
			}
			throw new IllegalArgumentException(setting + " '" + wanted + "' is ambiguous in " + where + ": "
					+ matching.stream().map(Entity::path).collect(Collectors.joining(", "))
					+ "; give the inventory path");
		}

	}

}
