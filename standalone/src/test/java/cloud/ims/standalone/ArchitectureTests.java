package cloud.ims.standalone;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module boundaries of DESIGN.md as tests over every IMS class: the domain knows neither the web nor Kafka nor the
 * wire format; the gateway and the two workers know nothing of each other; events are made in one place, for the
 * stores to record with the changes they report; Kafka is reached through messaging alone.
 */
class ArchitectureTests {

	private static final String[] KAFKA = { "org.apache.kafka..", "org.springframework.kafka..",
			"org.springframework.boot.kafka.." };

	/** Besides messaging: the Avro serializers Kafka calls, and the standalone stack that boots a broker. */
	private static final String[] KAFKA_DOORS = { "cloud.ims.messaging..", "cloud.ims.schemas..",
			"cloud.ims.standalone.." };

	/** What a command listener needs to receive its records: the annotations, the record and its acknowledgement. */
	private static final DescribedPredicate<JavaClass> LISTENER_SIDE_OF_KAFKA = resideInAPackage(
			"org.springframework.kafka.annotation..")
		.or(name("org.springframework.kafka.support.Acknowledgment").forSubtype())
		.or(name("org.apache.kafka.clients.consumer.ConsumerRecord").forSubtype())
		.as("the listener annotations, ConsumerRecord or Acknowledgment");

	private static final JavaClasses IMS = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("cloud.ims");

	@Test
	void coreKnowsNeitherTheWebNorKafkaNorTheWireFormat() {
		ArchRule rule = noClasses().that()
			.resideInAPackage("cloud.ims.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "reactor.netty..",
					"org.apache.kafka..", "org.springframework.kafka..", "org.apache.avro..", "cloud.ims.messages..",
					"cloud.ims.schemas..", "cloud.ims.messaging..", "cloud.ims.gateway..", "cloud.ims.imageworker..",
					"cloud.ims.provisioning..");
		rule.check(IMS);
	}

	@Test
	void theGatewayAndTheWorkersAreIndependentOfEachOther() {
		noClasses().that().resideInAPackage("cloud.ims.gateway..").should().dependOnClassesThat()
			.resideInAnyPackage("cloud.ims.imageworker..", "cloud.ims.provisioning..").check(IMS);
		noClasses().that().resideInAPackage("cloud.ims.imageworker..").should().dependOnClassesThat()
			.resideInAnyPackage("cloud.ims.gateway..", "cloud.ims.provisioning..").check(IMS);
		noClasses().that().resideInAPackage("cloud.ims.provisioning..").should().dependOnClassesThat()
			.resideInAnyPackage("cloud.ims.gateway..", "cloud.ims.imageworker..").check(IMS);
	}

	@Test
	void onlyMessagingMakesEventsTheStoresRecordWithEveryChange() {
		noClasses().that()
			.resideOutsideOfPackages("cloud.ims.messaging..", "cloud.ims.schemas..", "cloud.ims.messages..",
					"cloud.ims.standalone..")
			.should()
			.dependOnClassesThat()
			.haveNameMatching("cloud\\.ims\\.messages\\.\\w+Changed")
			.because("an event published beside its change, not recorded with it, can be lost or published alone")
			.check(IMS);
	}

	@Test
	void onlyMessagingTalksToKafka() {
		String because = "messaging is the one door to Kafka: producers, consumers, admin clients and container "
				+ "settings live there behind ports, so that the services keep their roles and a change of client "
				+ "touches one module";
		ArchRule everyClassButTheListeners = noClasses().that()
			.resideOutsideOfPackages(KAFKA_DOORS)
			.and()
			.haveSimpleNameNotEndingWith("Listener")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(KAFKA)
			.because(because);
		ArchRule theCommandListeners = noClasses().that()
			.resideOutsideOfPackages(KAFKA_DOORS)
			.and()
			.haveSimpleNameEndingWith("Listener")
			.should()
			.dependOnClassesThat(resideInAnyPackage(KAFKA).and(DescribedPredicate.not(LISTENER_SIDE_OF_KAFKA)))
			.because(because + "; a command listener only receives its records and maps them to domain types");
		CompositeArchRule.of(everyClassButTheListeners).and(theCommandListeners).check(IMS);
	}

}
