// Cross-check of polar-go's polar/webhook against code nobody here wrote:
// Polar's TypeScript SDK (@polar-sh/sdk 1.0.1, validateEvent) and the
// Standard Webhooks library (standardwebhooks 1.1.1).
//
// Reads one JSON request on stdin, writes one JSON answer on stdout:
//
//   {"mode":"verify","cases":[{"secret","headers":{name:value},"body","version"?,"standard"?}]}
//     -> {"results":[{"sdk":{"ok","type"?,"data_id"?,"error"?,"name"?},"standardwebhooks":{"ok","error"?}}]}
//        sdk: webhooks.validateEvent(body, headers, secret) of the SDK's
//        entry point for version (default 2026-10): the signature, with
//        both of Polar's keys, and a known event type (it does not parse
//        the payload's schema; crosscheck/deliveries_test.go checks that
//        against openapi/<version>.yaml); with the type and data.id of the
//        event it returns;
//        standardwebhooks: new Webhook(key).verify(body, headers), with the
//        key of the secret's signing: the secret itself when standard (a
//        whsec_ secret Polar made since 2026-09-08, signed the Standard
//        Webhooks way), else base64(UTF-8 secret), Polar's original key,
//        which Polar's docs tell users of generic libraries to pass.
//
//   {"mode":"sign","cases":[{"secret","id","timestamp":unixSeconds,"body"}]}
//     -> {"results":[{"polar_key":"v1,...","standard_key":"v1,..."|null,"standard_key_error"?}]}
//        polar_key: standardwebhooks signing with base64(UTF-8 secret), i.e.
//        Polar's key (what Polar's server does); standard_key: with the
//        secret as is (the Standard Webhooks reading of whsec_...).
//
// Usage: node crosscheck/webhooks.mjs < request.json
import { Webhook } from "standardwebhooks";

const sdks = {
	"2026-10": (await import("@polar-sh/sdk/2026-10")).webhooks,
	"2027-01": (await import("@polar-sh/sdk/2027-01")).webhooks,
};

const readStdin = async () => {
	const chunks = [];
	for await (const chunk of process.stdin) chunks.push(chunk);
	return Buffer.concat(chunks).toString("utf8");
};

const failure = (error) => ({ ok: false, name: error?.name ?? "Error", error: String(error?.message ?? error) });

const verify = async ({ secret, headers, body, version = "2026-10", standard = false }) => {
	const webhooks = sdks[version];
	if (!webhooks) throw new Error(`no entry point for version ${version}`);
	let sdk;
	try {
		const event = await webhooks.validateEvent(body, headers, secret);
		sdk = { ok: true, type: event?.type, data_id: event?.data?.id };
	} catch (error) {
		sdk = failure(error);
	}
	let generic;
	try {
		new Webhook(standard ? secret : Buffer.from(secret, "utf8").toString("base64")).verify(body, headers);
		generic = { ok: true };
	} catch (error) {
		generic = failure(error);
	}
	return { sdk, standardwebhooks: generic };
};

const sign = ({ secret, id, timestamp, body }) => {
	const at = new Date(timestamp * 1000);
	const result = {
		polar_key: new Webhook(Buffer.from(secret, "utf8").toString("base64")).sign(id, at, body),
		standard_key: null,
	};
	try {
		result.standard_key = new Webhook(secret).sign(id, at, body);
	} catch (error) {
		result.standard_key_error = String(error?.message ?? error);
	}
	return result;
};

const main = async () => {
	const request = JSON.parse(await readStdin());
	const cases = request.cases ?? [];
	let results;
	switch (request.mode) {
		case "verify":
			results = [];
			for (const c of cases) results.push(await verify(c));
			break;
		case "sign":
			results = cases.map(sign);
			break;
		default:
			throw new Error(`unknown mode ${JSON.stringify(request.mode)}: want "verify" or "sign"`);
	}
	process.stdout.write(JSON.stringify({ results }) + "\n");
};

main().catch((error) => {
	process.stderr.write(`webhooks.mjs: ${error?.stack ?? error}\n`);
	process.exit(1);
});
