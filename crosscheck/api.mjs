// Cross-check of polar-go's polartest against code nobody here wrote:
// Polar's TypeScript SDK (@polar-sh/sdk 1.0.1), through the entry point of
// one API version (@polar-sh/sdk/2026-10 or /2027-01), as a client of the
// fake server. The SDK parses every answer with that version's schemas, so
// an answer in the wrong version's shape fails its step.
//
// Reads one JSON request on stdin:
//   {"version", "baseUrl", "accessToken", "productIds": [a, b], "priceId",
//    "unknownId", "seatProductId"}
// and writes one JSON answer on stdout, one entry per step, in order:
//   {"steps":[{"step", "ok", "value"?, "error"?: {"name","statusCode","body"}}]}
// A step's value is what the SDK returned (the checkout, the page, the
// list of ids the paging iterator yielded); the Go side
// (crosscheck/api_test.go) checks each against openapi/<version>.yaml.
//
// Usage: node crosscheck/api.mjs < request.json

const readStdin = async () => {
	const chunks = [];
	for await (const chunk of process.stdin) chunks.push(chunk);
	return Buffer.concat(chunks).toString("utf8");
};

const req = JSON.parse(await readStdin());
if (!["2026-10", "2027-01"].includes(req.version)) throw new Error(`no entry point for version ${req.version}`);
const { createPolar } = await import(`@polar-sh/sdk/${req.version}`);
const polar = createPolar({ accessToken: req.accessToken, baseUrl: req.baseUrl, timeout: 10 });

const steps = [];
const step = async (name, fn) => {
	try {
		steps.push({ step: name, ok: true, value: await fn() });
	} catch (error) {
		steps.push({
			step: name,
			ok: false,
			error: { name: error?.name ?? "Error", statusCode: error?.statusCode ?? null, body: error?.error ?? String(error?.message ?? error) },
		});
	}
	return steps[steps.length - 1];
};

const created = await step("create with products", () =>
	polar.checkouts.create({
		products: req.productIds,
		success_url: "https://shop.example.com/success?checkout_id={CHECKOUT_ID}",
		customer_email: "jane@example.com",
		metadata: { cart: "c1" },
	}),
);
await step("create with product_price_id", () =>
	polar.checkouts.create({ product_price_id: req.priceId, success_url: "https://shop.example.com/thanks" }),
);
const id = created.value?.id;
const secret = created.value?.client_secret;
await step("get", () => polar.checkouts.get(id));
await step("list", () => polar.checkouts.list({ status: "open", limit: 1, sorting: ["-created_at"] }));
await step("iterList", async () => {
	const ids = [];
	for await (const checkout of polar.checkouts.iterList({ limit: 1 })) ids.push(checkout.id);
	return ids;
});
await step("update", () => polar.checkouts.update(id, { metadata: { cart: "c2" }, customer_name: "Jane Doe" }));
await step("update clears", () => polar.checkouts.update(id, { metadata: {}, customer_name: null, discount_id: null }));
await step("create seat-based", () =>
	polar.checkouts.create({ products: [req.seatProductId], seats: 5, success_url: "https://shop.example.com/thanks" }),
);
await step("clientGet", () => polar.checkouts.clientGet(secret));
await step("clientUpdate", () => polar.checkouts.clientUpdate(secret, { customer_name: "Jane Q. Doe" }));
await step("get unknown (404)", () => polar.checkouts.get(req.unknownId));
await step("create with empty products (422)", () => polar.checkouts.create({ products: [] }));

process.stdout.write(JSON.stringify({ steps }));
