package cloud.ims.messaging.inflight;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InFlightWorkTests {

	private static final String TOPIC = "commands";

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final List<String> acknowledged = new CopyOnWriteArrayList<>();

	private final List<String> deadLetters = new CopyOnWriteArrayList<>();

	private final List<String> pressure = new CopyOnWriteArrayList<>();

	private final Map<String, CompletableFuture<Object>> works = new HashMap<>();

	private final List<String> started = new CopyOnWriteArrayList<>();

	private InFlightWork work = inFlight(new InFlightWork.Limits(2, 4, 1));

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void runsAtMostTheLimitAndStartsTheNextWhenOneFinishes() {
		submit(0, 0, "a");
		submit(0, 1, "b");
		submit(0, 2, "c");

		assertThat(this.started).containsExactly("0@0", "0@1");
		assertThat(this.work.running()).isEqualTo(2);

		finish(0, 1);

		assertThat(this.started).containsExactly("0@0", "0@1", "0@2");
		assertThat(this.acknowledged).isEmpty();
	}

	@Test
	void acknowledgesOnlyWhatIsDoneBelowEveryEarlierRecordOfThePartition() {
		this.work = inFlight(new InFlightWork.Limits(8, 16, 4));
		submit(0, 0, "a");
		submit(0, 1, "b");
		submit(1, 0, "c");

		finish(0, 1);
		finish(1, 0);

		assertThat(this.acknowledged).containsExactly("1@0");

		finish(0, 0);

		assertThat(this.acknowledged).containsExactly("1@0", "0@1");
	}

	@Test
	void runsTheRecordsOfOneKeyOneAfterTheOther() {
		this.work = inFlight(new InFlightWork.Limits(8, 16, 4));
		submit(0, 0, "server-1");
		submit(0, 1, "server-1");
		submit(0, 2, "server-2");

		assertThat(this.started).containsExactly("0@0", "0@2");

		finish(0, 0);

		assertThat(this.started).containsExactly("0@0", "0@2", "0@1");
	}

	@Test
	void pausesWhenFullAndResumesBelowTheLowWaterMark() {
		submit(0, 0, "a");
		submit(0, 1, "b");
		submit(0, 2, "c");

		assertThat(this.pressure).isEmpty();

		submit(0, 3, "d");

		assertThat(this.pressure).containsExactly("pause");

		finish(0, 0);
		finish(0, 1);

		assertThat(this.pressure).containsExactly("pause");

		finish(0, 2);

		assertThat(this.pressure).containsExactly("pause", "resume");
	}

	@Test
	void dropsTheWaitingWorkOfRevokedPartitionsAndSkipsTheirAcknowledgements() {
		submit(0, 0, "a");
		submit(0, 1, "b");
		submit(1, 0, "c");
		submit(1, 1, "d");

		this.work.revoke(List.of(new TopicPartition(TOPIC, 0)));
		finish(0, 0);
		finish(0, 1);

		assertThat(this.acknowledged).isEmpty();
		assertThat(this.started).containsExactly("0@0", "0@1", "1@0", "1@1");
		assertThat(this.work.admitted()).isEqualTo(2);

		this.work.revoke(List.of(new TopicPartition(TOPIC, 1)));

		assertThat(this.work.admitted()).isEqualTo(2);
		finish(1, 0);
		finish(1, 1);
		assertThat(this.work.admitted()).isZero();
		assertThat(this.acknowledged).isEmpty();
	}

	@Test
	void revokingDropsWorkThatHasNotStarted() {
		submit(0, 0, "a");
		submit(0, 1, "b");
		submit(1, 0, "c");

		this.work.revoke(List.of(new TopicPartition(TOPIC, 1)));
		finish(0, 0);

		assertThat(this.started).containsExactly("0@0", "0@1");
		assertThat(this.work.admitted()).isEqualTo(1);
	}

	@Test
	void retriesFailedWorkThenDeadLettersAndAcknowledgesIt() {
		List<Integer> attempts = new CopyOnWriteArrayList<>();
		this.work.submit(record(0, 0, "a"), () -> this.acknowledged.add("0@0"), () -> {
			attempts.add(attempts.size());
			return CompletableFuture.failedFuture(new TimeoutException("store"));
		});

		await().atMost(Duration.ofSeconds(5)).until(() -> !this.acknowledged.isEmpty());
		assertThat(attempts).hasSize(3);
		assertThat(this.deadLetters).containsExactly("0@0: TimeoutException");
		assertThat(this.work.running()).isZero();
	}

	@Test
	void leavesARetryToTheNewOwnerWhenItsPartitionIsRevokedMeanwhile() {
		InFlightWork slowRetries = inFlight(new InFlightWork.Limits(2, 4, 1), new FixedBackOff(200, 2));
		List<Integer> attempts = new CopyOnWriteArrayList<>();
		slowRetries.submit(record(0, 0, "a"), () -> this.acknowledged.add("0@0"), () -> {
			attempts.add(attempts.size());
			return CompletableFuture.failedFuture(new TimeoutException("store"));
		});

		slowRetries.revoke(List.of(new TopicPartition(TOPIC, 0)));

		await().atMost(Duration.ofSeconds(5)).until(() -> slowRetries.running() == 0);
		assertThat(attempts).hasSize(1);
		assertThat(this.deadLetters).isEmpty();
		assertThat(this.acknowledged).isEmpty();
		assertThat(slowRetries.admitted()).isZero();
	}

	@Test
	void deadLettersAtOnceWhatIsNotRetryable() {
		List<Integer> attempts = new ArrayList<>();
		this.work.submit(record(0, 0, "a"), () -> this.acknowledged.add("0@0"), () -> {
			attempts.add(attempts.size());
			return CompletableFuture.failedFuture(new IllegalArgumentException("invalid"));
		});

		assertThat(attempts).hasSize(1);
		assertThat(this.deadLetters).containsExactly("0@0: IllegalArgumentException");
		assertThat(this.acknowledged).containsExactly("0@0");
	}

	@Test
	void stopsByWaitingForRunningWorkAndDroppingTheRest() throws InterruptedException {
		submit(0, 0, "a");
		submit(0, 1, "b");
		submit(0, 2, "c");
		this.scheduler.schedule(() -> {
			finish(0, 0);
			finish(0, 1);
		}, 50, TimeUnit.MILLISECONDS);

		assertThat(this.work.stop(Duration.ofSeconds(5))).isTrue();
		assertThat(this.started).containsExactly("0@0", "0@1");
		assertThat(this.acknowledged).containsExactly("0@0", "0@1");
		assertThat(this.pressure).containsExactly("pause");
	}

	@Test
	void stopGivesUpAfterItsTimeout() throws InterruptedException {
		submit(0, 0, "a");

		assertThat(this.work.stop(Duration.ofMillis(20))).isFalse();
	}

	@Test
	void runsOwnWorkOnlyOnAnOwnedPartitionAndAnIdleKeyAndQueuesLaterRecordsBehindIt() {
		this.work = inFlight(new InFlightWork.Limits(8, 16, 4));
		CompletableFuture<Object> sync = new CompletableFuture<>();
		submit(0, 0, "server-1");

		assertThat(this.work.runIfIdle(partition(0), "server-2", () -> sync)).as("partition not assigned").isFalse();

		this.work.assign(List.of(partition(0)));

		assertThat(this.work.runIfIdle(partition(0), "server-1", () -> sync)).as("server-1 has a record").isFalse();
		assertThat(this.work.runIfIdle(partition(0), "server-2", () -> {
			this.started.add("sync server-2");
			return sync;
		})).isTrue();
		assertThat(this.work.runIfIdle(partition(0), "server-2", () -> sync)).as("its own work runs").isFalse();

		submit(0, 1, "server-2");
		finish(0, 0);

		assertThat(this.started).containsExactly("0@0", "sync server-2");
		assertThat(this.acknowledged).containsExactly("0@0");

		sync.completeExceptionally(new TimeoutException("vCenter"));

		assertThat(this.started).containsExactly("0@0", "sync server-2", "0@1");
		assertThat(this.deadLetters).isEmpty();
		finish(0, 1);
		assertThat(this.acknowledged).containsExactly("0@0", "0@1");
		assertThat(this.work.admitted()).isZero();
	}

	@Test
	void revokingAPartitionEndsItsOwnWorkBeforeItStartsAndRefusesMore() {
		this.work = inFlight(new InFlightWork.Limits(1, 2, 0));
		this.work.assign(List.of(partition(0), partition(1)));
		submit(1, 0, "a");
		assertThat(this.work.runIfIdle(partition(0), "server-1", () -> {
			this.started.add("sync server-1");
			return CompletableFuture.completedFuture(null);
		})).isTrue();

		this.work.revoke(List.of(partition(0)));
		finish(1, 0);

		assertThat(this.started).containsExactly("1@0");
		assertThat(this.work.assigned()).containsExactly(partition(1));
		assertThat(this.work.runIfIdle(partition(0), "server-1", CompletableFuture::new)).isFalse();
		assertThat(this.work.admitted()).isZero();
	}

	private static TopicPartition partition(int partition) {
		return new TopicPartition(TOPIC, partition);
	}

	private InFlightWork inFlight(InFlightWork.Limits limits) {
		return inFlight(limits, new FixedBackOff(10, 2));
	}

	private InFlightWork inFlight(InFlightWork.Limits limits, BackOff backOff) {
		return new InFlightWork(limits, new Backpressure() {

			@Override
			public void pause() {
				InFlightWorkTests.this.pressure.add("pause");
			}

			@Override
			public void resume() {
				InFlightWorkTests.this.pressure.add("resume");
			}

		}, backOff, (failure) -> !(failure instanceof IllegalArgumentException),
				(record, failure) -> this.deadLetters
					.add(record.partition() + "@" + record.offset() + ": " + failure.getClass().getSimpleName()),
				this.scheduler);
	}

	private void submit(int partition, long offset, String key) {
		String name = partition + "@" + offset;
		CompletableFuture<Object> future = new CompletableFuture<>();
		this.works.put(name, future);
		Acknowledgment acknowledgment = () -> this.acknowledged.add(name);
		this.work.submit(record(partition, offset, key), acknowledgment, () -> {
			this.started.add(name);
			return future;
		});
	}

	private void finish(int partition, long offset) {
		this.works.get(partition + "@" + offset).complete("done");
	}

	private static ConsumerRecord<String, Object> record(int partition, long offset, String key) {
		return new ConsumerRecord<>(TOPIC, partition, offset, key, "value");
	}

}
