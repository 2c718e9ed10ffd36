package cloud.ims.gateway.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.gateway.security.Caller;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ImportAdmissionTests {

	private final Jobs jobs = mock(Jobs.class);

	private final Caller caller = new Caller("alice", "p1", Set.of("member"), "req-1");

	@Test
	void countsAJobThatStartedBetweenTheTwoReadsOnce() {
		Job starting = importJob();
		Job running = importJob();
		openImports(List.of(starting), List.of(starting, running));

		assertThatCode(() -> admission(3).admit(this.caller).block()).doesNotThrowAnyException();
		assertThatThrownBy(() -> admission(2).admit(this.caller).block()).isInstanceOf(ImsException.class)
			.hasMessageContaining("has 2 imports in progress");
	}

	private void openImports(List<Job> init, List<Job> running) {
		when(this.jobs.list(eq("p1"), eq(JobStatus.INIT), eq(JobType.IMPORT_IMAGE), any(), anyInt()))
			.thenReturn(Flux.fromIterable(init));
		when(this.jobs.list(eq("p1"), eq(JobStatus.RUNNING), eq(JobType.IMPORT_IMAGE), any(), anyInt()))
			.thenReturn(Flux.fromIterable(running));
	}

	private ImportAdmission admission(int cap) {
		return new ImportAdmission(this.jobs, new ImportAdmissionSettings(cap));
	}

	private static Job importJob() {
		return Job.accepted(JobId.newId(), JobType.IMPORT_IMAGE, new Actor("p1", "alice", "c"), Map.of(), List.of(),
				null, Instant.now());
	}

}
