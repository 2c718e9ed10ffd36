package cloud.ims.core.job;

import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The rule "the first recorded outcome of a sub-job stands", as one table that both the domain type
 * ({@code JobTests}) and the store ({@code MongoJobsTests}) are tested against: the outcomes recorded for one sub-job, in
 * order, and what it must end with.
 */
public final class SubJobOutcomeScenarios {

	private SubJobOutcomeScenarios() {
	}

	/** Outcomes recorded in order; the sub-job's final status and error code; which of them were first. */
	public record Scenario(String name, List<SubJobOutcome> recorded, JobStatus status, @Nullable String errorCode,
			List<Boolean> first) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	public static Stream<Arguments> all() {
		SubJobOutcome ok = SubJobOutcome.succeeded();
		SubJobOutcome down = SubJobOutcome.failed("Ecs.0503", "down");
		SubJobOutcome refused = SubJobOutcome.failed("Ecs.0500", "refused");
		return Stream.of(new Scenario("a success", List.of(ok), JobStatus.SUCCESS, null, List.of(true)),
				new Scenario("a failure", List.of(down), JobStatus.FAIL, "Ecs.0503", List.of(true)),
				new Scenario("a success redelivered", List.of(ok, ok), JobStatus.SUCCESS, null, List.of(true, false)),
				new Scenario("a failure, then a success", List.of(down, ok), JobStatus.FAIL, "Ecs.0503",
						List.of(true, false)),
				new Scenario("a success, then a failure", List.of(ok, down), JobStatus.SUCCESS, null,
						List.of(true, false)),
				new Scenario("two different failures", List.of(down, refused), JobStatus.FAIL, "Ecs.0503",
						List.of(true, false)))
			.map(Arguments::of);
	}

}
