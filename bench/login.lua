-- wrk script: POST /login with the right password, spread over 100 accounts
-- (all with the bench password) as an office would be, not one account
-- signing in a hundred times a second. The form token and its cookie come
-- from the environment (bench/run.sh fetches them).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("BENCH_CSRF_COOKIE")
local token = os.getenv("BENCH_CSRF_TOKEN")
local n = 0

request = function()
  n = n + 1
  local email = string.format("member%07d%%40example.com", (n % 100) + 1)
  return wrk.format(nil, nil, nil, "email=" .. email .. "&password=bench+password+1&csrf_token=" .. token)
end
