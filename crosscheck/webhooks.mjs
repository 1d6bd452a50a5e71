// Cross-check of polar-go's polar/webhook against code nobody here wrote:
// Polar's TypeScript SDK (@polar-sh/sdk 1.0.1, validateEvent) and the
// Standard Webhooks library (standardwebhooks 1.1.1).
//
// Reads one JSON request on stdin, writes one JSON answer on stdout:
//
//   {"mode":"verify","cases":[{"secret","headers":{name:value},"body"}]}
//     -> {"results":[{"sdk":{"ok","type"?,"data_id"?,"error"?,"name"?},"standardwebhooks":{"ok","error"?}}]}
//        sdk: @polar-sh/sdk's webhooks.validateEvent(body, headers, secret),
//        with the type and data.id of the event it returns;
//        standardwebhooks: new Webhook(base64(secret)).verify(body, headers),
//        the key Polar's docs tell users of generic libraries to pass.
//
//   {"mode":"sign","cases":[{"secret","id","timestamp":unixSeconds,"body"}]}
//     -> {"results":[{"polar_key":"v1,...","standard_key":"v1,..."|null,"standard_key_error"?}]}
//        polar_key: standardwebhooks signing with base64(UTF-8 secret), i.e.
//        Polar's key (what Polar's server does); standard_key: with the
//        secret as is (the Standard Webhooks reading of whsec_...).
//
// Usage: node crosscheck/webhooks.mjs < request.json
import { webhooks } from "@polar-sh/sdk/2026-10";
import { Webhook } from "standardwebhooks";

const readStdin = async () => {
	const chunks = [];
	for await (const chunk of process.stdin) chunks.push(chunk);
	return Buffer.concat(chunks).toString("utf8");
};

const failure = (error) => ({ ok: false, name: error?.name ?? "Error", error: String(error?.message ?? error) });

const verify = async ({ secret, headers, body }) => {
	let sdk;
	try {
		const event = await webhooks.validateEvent(body, headers, secret);
		sdk = { ok: true, type: event?.type, data_id: event?.data?.id };
	} catch (error) {
		sdk = failure(error);
	}
	let standard;
	try {
		new Webhook(Buffer.from(secret, "utf8").toString("base64")).verify(body, headers);
		standard = { ok: true };
	} catch (error) {
		standard = failure(error);
	}
	return { sdk, standardwebhooks: standard };
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
