package cloud.ims.gateway.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import cloud.ims.core.job.Job;
import cloud.ims.gateway.job.JobFeed;
import cloud.ims.gateway.job.JobView;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.stream.EventStreams;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Fragment;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The project's jobs, live: the list and each job's page update themselves through server-sent events carrying
 * rendered HTML, which htmx swaps into the page.
 */
@Controller
@RequestMapping(ConsolePaths.ROOT + "/jobs")
class JobsPage {

	static final int SHOWN = 100;

	private static final Duration LIST_REFRESH = Duration.ofSeconds(1);

	/** Job types in words. */
	static final Map<String, String> TYPES = Map.ofEntries(Map.entry("createServer", "Create ECSs"),
			Map.entry("deleteServer", "Delete ECSs"), Map.entry("startServer", "Start ECSs"),
			Map.entry("stopServer", "Stop ECSs"), Map.entry("rebootServer", "Reboot ECSs"),
			Map.entry("imsCreateImageByInstance", "Create image from ECS"),
			Map.entry("imsImportImageJob", "Import image from URL"), Map.entry("imsUploadImageJob", "Upload image"),
			Map.entry("imsDeleteImageJob", "Delete image data"));

	private final JobFeed feed;

	private final EventStreams streams;

	JobsPage(JobFeed feed, EventStreams streams) {
		this.feed = feed;
		this.streams = streams;
	}

	/** The newest jobs, kept live; with a marker, an older page as it is. */
	@GetMapping
	Mono<Rendering> list(Caller caller, @RequestParam(required = false) @Nullable String marker) {
		return this.feed.list(caller, null, null, marker, SHOWN).map(JobView::of).collectList().map((jobs) -> {
			Rendering.Builder<?> page = Rendering.view("console/jobs")
				.modelAttribute("jobs", jobs)
				.modelAttribute("types", TYPES)
				.modelAttribute("live", marker == null);
			if (jobs.size() == SHOWN) {
				page.modelAttribute("older", jobs.get(jobs.size() - 1).get("job_id"));
			}
			return page.build();
		});
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Fragment>> listUpdates(Caller caller) {
		return this.streams.open(caller, () -> Flux.interval(Duration.ZERO, LIST_REFRESH)
			.onBackpressureDrop()
			.concatMap((tick) -> recent(caller))
			.distinctUntilChanged()
			.map((jobs) -> ServerSentEvent.builder(Fragment.create("console/jobs :: rows",
					Map.of("jobs", jobs, "types", TYPES)))
				.event("jobs")
				.build()));
	}

	@GetMapping("/{jobId}")
	Mono<Rendering> show(Caller caller, @PathVariable String jobId) {
		return this.feed.find(caller, jobId).map((job) -> Rendering.view("console/job")
			.modelAttribute("job", JobView.of(job))
			.modelAttribute("types", TYPES)
			.modelAttribute("live", !job.status().isTerminal())
			.build());
	}

	/** Each change of the job as its rendered details, then {@code done}, which makes htmx close the stream. */
	@GetMapping(path = "/{jobId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Fragment>> jobUpdates(Caller caller, @PathVariable String jobId) {
		return this.streams.open(caller, () -> this.feed.follow(caller, jobId)
			.map((Job job) -> ServerSentEvent.builder(Fragment.create("console/fragments :: detail",
					Map.of("job", JobView.of(job), "types", TYPES)))
				.event("job")
				.build())
			.concatWith(Mono.just(ServerSentEvent.builder(Fragment.create("console/fragments :: done")).event("done").build())));
	}

	private Mono<List<Map<String, Object>>> recent(Caller caller) {
		return this.feed.list(caller, null, null, null, SHOWN).map(JobView::of).collectList();
	}

}
