package cloud.ims.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Encodes messages with Avro single-object encoding ({@code C3 01}, the writer schema's
 * CRC-64-AVRO fingerprint as 8 little-endian bytes, then the Avro binary) and decodes them into
 * the current generated class, resolving any writer schema committed under
 * {@code cloud/ims/messages/history}, so that schemas can evolve while old messages are in flight.
 * <p>
 * {@link #publishedSchemas()} lists every schema that may appear on the wire by fingerprint;
 * there the fingerprint is written as the {@code long} value in hex (most significant byte
 * first), whereas the wire carries the same 8 bytes little-endian. Instances are thread-safe.
 */
public final class MessageCodec {

	private static final byte[] MARKER = { (byte) 0xC3, 0x01 };

	private static final int HEADER_LENGTH = MARKER.length + Long.BYTES;

	private static final MessageCodec STANDARD = new MessageCodec(List.of());

	private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new HashMap<>();

	private final Map<Long, BinaryMessageDecoder<SpecificRecord>> decoders = new HashMap<>();

	private final Map<String, PublishedSchema> published;

	/**
	 * Creates a codec that also reads history from {@code extraHistoryRoots}, each laid out like
	 * the standard history root.
	 */
	MessageCodec(List<String> extraHistoryRoots) {
		TrustedPackages.trustMessages();
		List<String> roots = new ArrayList<>();
		roots.add(SchemaHistory.STANDARD_ROOT);
		roots.addAll(extraHistoryRoots);
		List<PublishedSchema> all = new ArrayList<>();
		for (Class<? extends SpecificRecordBase> type : Messages.TYPES) {
			all.addAll(register(type, roots));
		}
		all.sort(Comparator.comparing(PublishedSchema::fullName).thenComparing(PublishedSchema::version));
		Map<String, PublishedSchema> byFingerprint = new LinkedHashMap<>();
		all.forEach(schema -> byFingerprint.put(schema.fingerprint(), schema));
		this.published = Collections.unmodifiableMap(byFingerprint);
	}

	/**
	 * Returns the codec for the message types and schema history of this build.
	 */
	public static MessageCodec standard() {
		return STANDARD;
	}

	private List<PublishedSchema> register(Class<? extends SpecificRecordBase> type, List<String> roots) {
		SpecificData model = SpecificData.getForClass(type);
		Schema current = model.getSchema(type);
		long currentFingerprint = Fingerprints.of(current);
		List<HistoricalSchema> history = SchemaHistory.of(current, roots);

		encoders.put(type, new BinaryMessageEncoder<>(model, current));
		BinaryMessageDecoder<SpecificRecord> decoder = new BinaryMessageDecoder<>(model, current);
		decoders.put(currentFingerprint, decoder);
		List<PublishedSchema> schemas = new ArrayList<>();
		int currentVersion = 1;
		boolean currentCommitted = false;
		for (HistoricalSchema historical : history) {
			long fingerprint = historical.fingerprint();
			boolean isCurrent = fingerprint == currentFingerprint;
			if (isCurrent) {
				currentCommitted = true;
			}
			else {
				decoder.addSchema(historical.schema());
				decoders.put(fingerprint, decoder);
			}
			currentVersion = Math.max(currentVersion, historical.version() + 1);
			schemas.add(new PublishedSchema(PublishedSchema.hex(fingerprint), current.getFullName(),
					historical.version(), isCurrent, isCurrent ? current : historical.schema()));
		}
		if (!currentCommitted) {
			schemas.add(new PublishedSchema(PublishedSchema.hex(currentFingerprint), current.getFullName(),
					currentVersion, true, current));
		}
		return schemas;
	}

	/**
	 * Encodes a message with its current schema.
	 * @throws IllegalArgumentException if the record is not a top-level message type
	 */
	public byte[] encode(SpecificRecord message) {
		BinaryMessageEncoder<SpecificRecord> encoder = encoders.get(message.getClass());
		if (encoder == null) {
			throw new IllegalArgumentException(message.getClass().getName() + " is not a message type");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try {
			encoder.encode(message, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * Decodes a message into the current class of its record, whichever known schema wrote it.
	 * @throws MalformedMessage if the bytes are not a well-formed single-object encoded message
	 * @throws UnknownSchema if no known schema has the message's fingerprint
	 */
	public SpecificRecord decode(byte[] message) {
		if (message.length < HEADER_LENGTH) {
			throw new MalformedMessage("A message needs at least " + HEADER_LENGTH + " bytes, got " + message.length,
					null);
		}
		if (message[0] != MARKER[0] || message[1] != MARKER[1]) {
			throw new MalformedMessage(String.format("Not an Avro single-object message: starts with %02x %02x",
					message[0], message[1]), null);
		}
		long fingerprint = ByteBuffer.wrap(message, MARKER.length, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
		BinaryMessageDecoder<SpecificRecord> decoder = decoders.get(fingerprint);
		if (decoder == null) {
			throw new UnknownSchema(PublishedSchema.hex(fingerprint));
		}
		try {
			return decoder.decode(message);
		}
		catch (IOException | RuntimeException ex) {
			throw new MalformedMessage("Cannot decode a message written with schema " + PublishedSchema.hex(fingerprint)
					+ ": " + ex, ex);
		}
	}

	/**
	 * Returns every schema that may appear on the wire, current and historical, by fingerprint,
	 * ordered by full name and version.
	 */
	public Map<String, PublishedSchema> publishedSchemas() {
		return published;
	}

	/**
	 * Returns the schema with the given fingerprint (16 lowercase hex digits), if known.
	 */
	public Optional<PublishedSchema> schema(String fingerprint) {
		return Optional.ofNullable(published.get(fingerprint));
	}

}
