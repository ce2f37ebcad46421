-- wrk script: POST /login with the right password. The form token and its
-- cookie come from the environment (bench/run.sh fetches them).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("BENCH_CSRF_COOKIE")
wrk.body = "email=bench%40example.com&password=bench+password+1&csrf_token=" .. os.getenv("BENCH_CSRF_TOKEN")
