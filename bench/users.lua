-- wrk script: GET /users at an office's pace (one request per connection
-- every 20 ms), to measure its latency while sign-ins flood the server.
wrk.headers["Cookie"] = os.getenv("BENCH_SESSION")

function delay()
  return 20
end
