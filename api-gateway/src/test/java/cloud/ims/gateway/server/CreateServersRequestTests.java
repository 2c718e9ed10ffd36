package cloud.ims.gateway.server;

import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.server.BatchLimits;
import cloud.ims.core.server.BatchPolicy;
import cloud.ims.core.server.ServerBatch;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateServersRequestTests {

	private static final BatchLimits LIMITS = new BatchLimits(500, 1024);

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void mapsTheBodyToTheBatchItAsksFor() {
		ServerBatch batch = body("""
				{"server":{"imageRef":"img","flavorRef":"s6.small.1","name":"web","count":2,"isAutoRename":true,
				  "root_volume":{"size":60,"volumetype":"SSD"},"metadata":{"k":"v"},"description":"front end",
				  "vpcid":"vpc-1","nics":[{"subnet_id":"s"}]},
				 "batch_policy":{"mode":"all_or_nothing","min_count":1},"extendparam":{}}""")
			.toBatch(LIMITS);

		assertThat(batch).isEqualTo(new ServerBatch("img", "s6.small.1", List.of("web-0001", "web-0002"), 60,
				Map.of("k", "v"), "front end", new BatchPolicy(BatchPolicy.Mode.ALL_OR_NOTHING, 1), LIMITS));
	}

	@Test
	void refusesFieldsTheHuaweiSdkNeverSendsBeforeAnyRuleOfTheBatch() {
		assertThatThrownBy(() -> body("""
				{"server":{"imageRef":"img","flavorRef":"s6.small.1","name":"bad name!","count":0,"colour":"red"}}""")
			.toBatch(LIMITS)).isInstanceOfSatisfying(ImsException.class, (refused) -> {
				assertThat(refused.code()).isEqualTo("Ecs.0005");
				assertThat(refused.getMessage()).isEqualTo(
						"Unknown field(s) [colour] in server. Remove them; see the API reference for the accepted fields.");
			});
		assertThatThrownBy(() -> body("""
				{"server":{"imageRef":"img","flavorRef":"f","name":"vm","root_volume":{"size":1,"shape":"round"}}}""")
			.toBatch(LIMITS)).hasMessageStartingWith("Unknown field(s) [shape] in server.root_volume.");
		assertThatThrownBy(() -> body("{\"servers\":{}}").toBatch(LIMITS))
			.hasMessageStartingWith("Unknown field(s) [servers] in the request.");
	}

	@Test
	void refusesABodyWithoutServer() {
		assertThatThrownBy(() -> body("{\"dry_run\":true}").toBatch(LIMITS)).isInstanceOfSatisfying(ImsException.class,
				(refused) -> {
					assertThat(refused.code()).isEqualTo("Ecs.0005");
					assertThat(refused.getMessage()).isEqualTo("Missing server. Add it to the request body.");
				});
	}

	@Test
	void appliesTheBatchRulesWithTheLimitsItIsGiven() {
		assertThatThrownBy(() -> body("""
				{"server":{"imageRef":"img","flavorRef":"f","name":"vm","count":3}}""").toBatch(new BatchLimits(2, 10)))
			.hasMessage("server.count=3 is out of range; request 1 to 2 ECSs at a time.");
	}

	private CreateServersRequest body(String body) {
		return this.json.readValue(body, CreateServersRequest.class);
	}

}
