package cloud.ims.gateway.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.gateway.security.Caller;
import cloud.ims.messaging.ops.DeadLetter;
import cloud.ims.messaging.ops.DeadLetterTopics;
import cloud.ims.schemas.Topics;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Lets admins see the messages that were dead-lettered (poison, or failing past every retry), newest first, with the
 * reason the worker gave. Looking never moves anybody's offsets ({@link DeadLetterTopics}).
 */
@RestController
class DeadLetters {

	private final DeadLetterTopics deadLetters;

	DeadLetters(DeadLetterTopics deadLetters) {
		this.deadLetters = deadLetters;
	}

	@GetMapping("/v1/admin/dead-letters")
	Mono<Map<String, Object>> list(Caller caller, @RequestParam(required = false) @Nullable String topic,
			@RequestParam(defaultValue = "50") int limit) {
		if (!caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "IMS.0403", "Only admins can see dead-lettered messages.");
		}
		List<String> topics = (topic != null) ? List.of(topic)
				: List.of(Topics.deadLetter(Topics.IMAGE_COMMANDS), Topics.deadLetter(Topics.SERVER_COMMANDS));
		if (!topics.stream().allMatch((name) -> name.endsWith("-dlt"))) {
			throw new ImsException(Kind.INVALID, "IMS.0400", "topic must be a dead-letter topic (ending in -dlt).");
		}
		int pageSize = Math.max(1, Math.min(limit, 500));
		return Mono.fromCallable(() -> this.deadLetters.newest(topics, pageSize))
			.subscribeOn(Schedulers.boundedElastic())
			.map((letters) -> Map.of("dead_letters", letters.stream().map(DeadLetters::view).toList()));
	}

	private static Map<String, Object> view(DeadLetter letter) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("topic", letter.topic());
		view.put("partition", letter.partition());
		view.put("offset", letter.offset());
		view.put("key", letter.key());
		view.put("dead_lettered_at", letter.deadLetteredAt().toString());
		view.put("original_topic", letter.originalTopic());
		view.put("exception", letter.exception());
		view.put("reason", letter.reason());
		view.put("size", letter.size());
		view.put("schema_fingerprint", letter.schemaFingerprint());
		return view;
	}

}
