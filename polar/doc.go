// Package polar is a client for Polar's Checkouts API (https://polar.sh):
// create checkout sessions and read them back.
//
//	client, err := polar.NewClient(polar.WithAccessToken(token))
//	if err != nil {
//		return err
//	}
//	checkout, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
//		ProductPriceID: priceID,
//		SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
//	})
//	if err != nil {
//		return err
//	}
//	fmt.Println(*checkout.URL) // send the customer here
//
// # Authentication and servers
//
// Every request carries "Authorization: Bearer <token>". The token comes from
// WithAccessToken or, when that is not given, from the POLAR_ACCESS_TOKEN
// environment variable. Requests go to ServerProduction unless WithServer
// selects ServerSandbox (separate accounts and tokens) or WithBaseURL names
// another URL, such as a polartest server. The token never appears in an
// error message or a log line, and it is not sent along when a redirect
// leaves the host.
//
// # Options
//
// NewClient and every method take Options. Given to a method, an option
// applies to that call only:
//
//	client.Checkouts.Get(ctx, id, polar.WithTimeout(5*time.Second))
//
// # Retries
//
// Without WithRetryConfig a call is retried as DefaultRetryConfig says: up
// to 3 times, on connection errors and on 429, 500, 502, 503 and 504, with
// exponential backoff and jitter. A Retry-After header sets the next wait;
// when that wait would outlast the context's deadline or MaxElapsedTime, the
// call returns the *APIError at once. The zero RetryConfig turns retries
// off. A retried Create can leave a second, unused checkout session behind
// when the first attempt reached Polar but its answer was lost; such a
// session simply expires and no money moves. Polar's own SDKs accept the
// same.
//
// # Errors
//
// A 422 from Polar is a *ValidationError listing every field error; the
// same type, with StatusCode 0, refuses bad input before anything is sent.
// Every other non-2xx answer is an *APIError, which matches ErrUnauthorized,
// ErrForbidden, ErrNotFound, ErrRateLimited or ErrServer with errors.Is.
// Transport and context errors come back wrapped, so
// errors.Is(err, context.DeadlineExceeded) works. A 2xx whose body is not a
// Checkout is an error naming the status and content type; a call never
// returns a nil error with an empty value.
//
// # Timeouts
//
// The context bounds the whole call, retries and waits included; cancelling
// it stops a backoff wait at once. WithTimeout bounds each attempt
// (DefaultTimeout unless set).
//
// # Logging
//
// WithLogger logs each attempt at debug level: method, path, status,
// attempt number, duration and the next wait. Without it nothing is logged.
//
// # Testing
//
// Package polartest runs a fake Polar in your test process; its Client
// method returns a Client configured for it.
//
// # Concurrency
//
// A Client is safe for concurrent use. Create one and share it: it keeps a
// pool of connections, tuned for many goroutines calling Polar at once.
package polar
