-- Failed sign-ins are counted by the rate limits' token buckets now (rate_limit_buckets).
DROP TABLE sign_in_failures;
