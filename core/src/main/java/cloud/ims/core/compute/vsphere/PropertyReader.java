package cloud.ims.core.compute.vsphere;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.w3c.dom.Element;

/**
 * Reads properties of many objects in one RetrievePropertiesEx (and ContinueRetrievePropertiesEx while vCenter has
 * more pages). Objects that no longer exist are left out of the answer instead of failing the read.
 */
final class PropertyReader {

	private final VimSession session;

	PropertyReader(VimSession session) {
		this.session = session;
	}

	/** The properties of one object read together; values stay XML until a caller asks for a shape. */
	record Properties(ManagedObject object, Map<String, Element> values) {

		Optional<Element> value(String path) {
			return Optional.ofNullable(this.values.get(path));
		}

		Optional<String> text(String path) {
			return value(path).map((value) -> value.getTextContent().trim());
		}

		Optional<ManagedObject> reference(String path) {
			return value(path).map(ManagedObject::of);
		}

		/** An {@code ArrayOfManagedObjectReference} value; empty when unset. */
		List<ManagedObject> references(String path) {
			return value(path).map((value) -> Xml.children(value, "ManagedObjectReference")
				.stream()
				.map(ManagedObject::of)
				.toList()).orElse(List.of());
		}

	}

	CompletableFuture<Optional<Properties>> read(ManagedObject object, String... paths) {
		return read(List.of(object), paths).thenApply((found) -> Optional.ofNullable(found.get(object)));
	}

	/** The properties of every object that exists, by object, in the order asked. */
	CompletableFuture<Map<ManagedObject, Properties>> read(Collection<ManagedObject> objects, String... paths) {
		Map<String, Collection<String>> pathsByType = new HashMap<>();
		objects.forEach((object) -> pathsByType.put(object.type(), List.of(paths)));
		return read(objects, pathsByType);
	}

	/** Like {@link #read(Collection, String...)} with different properties for each type, still in one request. */
	CompletableFuture<Map<ManagedObject, Properties>> read(Collection<ManagedObject> objects,
			Map<String, ? extends Collection<String>> pathsByType) {
		if (objects.isEmpty()) {
			return CompletableFuture.completedFuture(Map.of());
		}
		Set<String> types = new LinkedHashSet<>();
		objects.forEach((object) -> types.add(object.type()));
		StringBuilder spec = new StringBuilder("<specSet>");
		for (String type : types) {
			spec.append("<propSet>").append(Xml.element("type", type));
			Collection<String> typePaths = pathsByType.get(type);
			for (String path : typePaths == null ? List.<String>of() : typePaths) {
				spec.append(Xml.element("pathSet", path));
			}
			spec.append("</propSet>");
		}
		for (ManagedObject object : new LinkedHashSet<>(objects)) {
			spec.append("<objectSet>").append(object.xml("obj")).append("<skip>false</skip></objectSet>");
		}
		spec.append("<reportMissingObjectsInResults>true</reportMissingObjectsInResults></specSet><options/>");
		Map<ManagedObject, Properties> found = new HashMap<>();
		return this.session
			.call("RetrievePropertiesEx", this.session.content().propertyCollector(), spec.toString())
			.thenCompose((response) -> collect(response, found))
			.thenApply((done) -> {
				Map<ManagedObject, Properties> ordered = new LinkedHashMap<>();
				for (ManagedObject object : objects) {
					Properties properties = found.get(object);
					if (properties != null) {
						ordered.put(object, properties);
					}
				}
				return ordered;
			});
	}

	private CompletableFuture<Void> collect(Element response, Map<ManagedObject, Properties> found) {
		Optional<Element> result = Xml.child(response, "returnval");
		if (result.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		for (Element content : Xml.children(result.get(), "objects")) {
			ManagedObject object = ManagedObject.of(Xml.child(content, "obj").orElseThrow());
			boolean gone = Xml.children(content, "missingSet")
				.stream()
				.anyMatch((missing) -> Xml.child(missing, "fault")
					.flatMap((fault) -> Xml.child(fault, "fault"))
					.map((fault) -> Xml.type(fault).equals("ManagedObjectNotFound"))
					.orElse(false));
			if (gone) {
				continue;
			}
			Map<String, Element> values = new HashMap<>();
			for (Element property : Xml.children(content, "propSet")) {
				String name = Xml.text(property, "name").orElse("");
				Xml.child(property, "val").ifPresent((value) -> values.put(name, value));
			}
			found.put(object, new Properties(object, values));
		}
		Optional<String> token = Xml.text(result.get(), "token");
		if (token.isEmpty() || token.get().isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		return this.session
			.call("ContinueRetrievePropertiesEx", this.session.content().propertyCollector(),
					Xml.element("token", token.get()))
			.thenCompose((next) -> collect(next, found));
	}

}
