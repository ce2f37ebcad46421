-- wrk script: GET /users?q=… through the queries of the file BENCH_QUERIES
-- (one a line), each thread from its own place in the list. Each request
-- also carries a number of its own (`&n=…`, a parameter the directory does
-- not read), so that its address is new and no kept page answers it: the
-- search itself is measured, with the page made and kept every time.
wrk.headers["Cookie"] = os.getenv("BENCH_SESSION")

local threads = 0
function setup(thread)
  thread:set("offset", threads * 97)
  thread:set("thread", threads)
  threads = threads + 1
end

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
local at = 0
function init(args)
  for line in io.lines(os.getenv("BENCH_QUERIES")) do
    paths[#paths + 1] = "/users?q=" .. encode(line)
  end
  at = offset or 0
end

function request()
  at = at + 1
  return wrk.format("GET", paths[(at % #paths) + 1] .. "&n=" .. thread .. "-" .. at)
end
