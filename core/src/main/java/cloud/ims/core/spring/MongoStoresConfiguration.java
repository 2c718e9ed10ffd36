package cloud.ims.core.spring;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import cloud.ims.core.audit.AuditTrail;
import cloud.ims.core.event.ChangeEvents;
import cloud.ims.core.event.Leases;
import cloud.ims.core.event.PendingEvents;
import cloud.ims.core.idempotency.IdempotencyRecords;
import cloud.ims.core.identity.Projects;
import cloud.ims.core.identity.Revocations;
import cloud.ims.core.identity.RoleAssignments;
import cloud.ims.core.identity.SignInFailures;
import cloud.ims.core.identity.Users;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.metrics.JobMeters;
import cloud.ims.core.metrics.MeteredJobs;
import cloud.ims.core.mongo.MongoAuditTrail;
import cloud.ims.core.mongo.MongoBreakerStates;
import cloud.ims.core.mongo.MongoIdempotencyRecords;
import cloud.ims.core.mongo.MongoImages;
import cloud.ims.core.mongo.MongoIndexes;
import cloud.ims.core.mongo.MongoJobs;
import cloud.ims.core.mongo.MongoLeases;
import cloud.ims.core.mongo.MongoPendingEvents;
import cloud.ims.core.mongo.MongoProjectQuotas;
import cloud.ims.core.mongo.MongoProjects;
import cloud.ims.core.mongo.MongoRevocations;
import cloud.ims.core.mongo.MongoRoleAssignments;
import cloud.ims.core.mongo.MongoServers;
import cloud.ims.core.mongo.MongoShortlists;
import cloud.ims.core.mongo.MongoSignInFailures;
import cloud.ims.core.mongo.MongoUsers;
import cloud.ims.core.operations.BreakerStates;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.core.server.Servers;
import cloud.ims.core.shortlist.Shortlists;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The MongoDB client and the stores of jobs, images and ECSs; ensures the indexes at start-up. The stores record
 * each change's event with it, encoded by the application's {@link ChangeEvents}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ MongoSettings.class, ImageListSettings.class })
public class MongoStoresConfiguration {

	@Bean(destroyMethod = "close")
	MongoClient imsMongoClient(MongoSettings settings) {
		MongoClientSettings clientSettings = MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(settings.uri()))
			.applyToClusterSettings((cluster) -> cluster
				.serverSelectionTimeout(settings.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
			.build();
		return MongoClients.create(clientSettings);
	}

	@Bean
	MongoDatabase imsDatabase(MongoClient imsMongoClient, MongoSettings settings) {
		return imsMongoClient.getDatabase(settings.database());
	}

	@Bean
	InitializingBean imsMongoIndexes(MongoDatabase imsDatabase) {
		return () -> MongoIndexes.ensure(imsDatabase).block(Duration.ofSeconds(60));
	}

	/** The jobs, counted for Prometheus where they change; without a meter registry they are still counted, unseen. */
	@Bean
	Jobs jobs(MongoDatabase imsDatabase, ChangeEvents changeEvents, ObjectProvider<MeterRegistry> meterRegistry) {
		return new MeteredJobs(new MongoJobs(imsDatabase, changeEvents),
				new JobMeters(meterRegistry.getIfAvailable(SimpleMeterRegistry::new)));
	}

	@Bean
	MongoImages images(MongoDatabase imsDatabase, ChangeEvents changeEvents, ImageListSettings listSettings) {
		return listSettings.enabled() ? MongoImages.withListIndex(imsDatabase, changeEvents)
				: new MongoImages(imsDatabase, changeEvents);
	}

	@Bean
	Servers servers(MongoDatabase imsDatabase, ChangeEvents changeEvents) {
		return new MongoServers(imsDatabase, changeEvents);
	}

	@Bean
	PendingEvents pendingEvents(MongoDatabase imsDatabase) {
		return new MongoPendingEvents(imsDatabase);
	}

	@Bean
	Leases leases(MongoDatabase imsDatabase, Clock clock) {
		return new MongoLeases(imsDatabase, clock);
	}

	@Bean
	Shortlists shortlists(MongoDatabase imsDatabase) {
		return new MongoShortlists(imsDatabase);
	}

	@Bean
	IdempotencyRecords idempotencyRecords(MongoDatabase imsDatabase) {
		return new MongoIdempotencyRecords(imsDatabase);
	}

	@Bean
	BreakerStates breakerStates(MongoDatabase imsDatabase) {
		return new MongoBreakerStates(imsDatabase);
	}

	@Bean
	ProjectQuotas projectQuotas(MongoDatabase imsDatabase) {
		return new MongoProjectQuotas(imsDatabase);
	}

	@Bean
	Users users(MongoDatabase imsDatabase) {
		return new MongoUsers(imsDatabase);
	}

	@Bean
	Projects projects(MongoDatabase imsDatabase) {
		return new MongoProjects(imsDatabase);
	}

	@Bean
	RoleAssignments roleAssignments(MongoDatabase imsDatabase) {
		return new MongoRoleAssignments(imsDatabase);
	}

	@Bean
	Revocations revocations(MongoDatabase imsDatabase) {
		return new MongoRevocations(imsDatabase);
	}

	@Bean
	AuditTrail auditTrail(MongoDatabase imsDatabase) {
		return new MongoAuditTrail(imsDatabase);
	}

	@Bean
	SignInFailures signInFailures(MongoDatabase imsDatabase) {
		return new MongoSignInFailures(imsDatabase);
	}

}
