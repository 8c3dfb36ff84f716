-- wrk script of the benchmarks (bench/api/run.sh, bench/paging/run.sh, bench/queue/run.sh, bench/scale/run.sh). Prints one JSON line with the figures when the run is done.
--
--   wrk -s bench.lua URL                    GET URL
--   wrk -s bench.lua URL -- post TAG         POST a new product per request; SKUs are TAG-<thread>-<n>, so TAG must
--                                           be unique per run against the same database (SKUs are unique there)
--   wrk -s bench.lua URL -- order TAG        POST an order of one of the six demo products per request, from the
--                                           customer TAG-<thread>-<n>@example.com (bench/lib/orders.sh)
--   wrk -s bench.lua URL -- order TAG RATE   the same at RATE requests per second (with one thread, -t1): request i
--                                           is due at start + i / RATE and each connection waits for its next due
--                                           time; as long as a connection is free when a request is due, the offered
--                                           rate does not depend on how fast the server answers

local post = false
local order = false
local tag = ""
local sent = 0
local get_request
local threads = 0
local rate = nil
local scheduled = 0
local started_ms = nil
local clock_ms

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  post = args[1] == "post" or args[1] == "order"
  order = args[1] == "order"
  rate = tonumber(args[3])
  if rate then
    -- wrk's Lua has no wall clock in milliseconds; LuaJIT's FFI reads CLOCK_MONOTONIC.
    local ffi = require("ffi")
    ffi.cdef("typedef struct { long tv_sec; long tv_nsec; } bench_timespec; int clock_gettime(int, bench_timespec *);")
    local now = ffi.new("bench_timespec")
    clock_ms = function()
      ffi.C.clock_gettime(1, now)
      return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
    end
  end
  if post then
    tag = assert(args[2], args[1] .. " needs a prefix")
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
  else
    get_request = wrk.format()
  end
end

-- With a RATE, wrk asks this before each request: how many milliseconds to wait until it is due.
function delay()
  if not rate then
    return 0
  end
  -- Counted here, not in request(): wrk asks every waiting connection for its delay before it builds its request.
  local now = clock_ms()
  started_ms = started_ms or now
  local due = started_ms + scheduled * 1000 / rate
  scheduled = scheduled + 1
  return math.max(0, math.floor(due - now))
end

function request()
  if not post then
    return get_request
  end
  sent = sent + 1
  local body
  if order then
    body = string.format('{"customerEmail":"%s-%d-%d@example.com","lines":[{"productId":%d,"quantity":1}]}',
      tag, thread_number, sent, 1 + sent % 6)
  else
    body = string.format('{"sku":"%s-%d-%d","name":"Benchmark product","unitPrice":9.99}', tag, thread_number, sent)
  end
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"non_2xx_3xx":%d,"socket_errors":%d,"timeouts":%d,"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d}}\n',
    summary.requests, summary.duration, errors.status, errors.connect + errors.read + errors.write + errors.timeout, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
