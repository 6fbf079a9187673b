-- bench.lua: the wrk script of every `make bench` scenario. run.mjs picks
-- the behaviour through the environment, read once by each thread's state:
--   BENCH_MODE     plain (the URL as given, headers from -H), track or post
--   BENCH_THREADS  wrk's -t, so that threads share the work out
--   BENCH_CODES    track: a file of tracking codes, one a line; each request
--                  asks for /track/CODE of one picked at random
--   BENCH_TOKENS   post: a file of "nonce token" lines, every one fresh; the
--                  threads take alternate lines and use each once
--   BENCH_BODY     post: the form's other fields, urlencoded; a varied valid
--                  phone and the nonce and token are appended
-- done() prints one line "BENCH_JSON {...}" with the figures run.mjs reads:
-- latencies in microseconds, errors split the way wrk counts them.

local mode = os.getenv("BENCH_MODE") or "plain"
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")

-- Main state: number the threads as they are made, keep them for done().
local threads = {}
local next_id = 0
function setup(thread)
   thread:set("tid", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

if mode == "track" then
   local codes, n = {}, 0
   function init(args)
      for line in io.lines(os.getenv("BENCH_CODES")) do
         if #line > 0 then n = n + 1; codes[n] = line end
      end
      if n == 0 then error("bench.lua: no tracking codes") end
      math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
   end
   function request()
      return wrk.format("GET", "/track/" .. codes[math.random(n)])
   end
elseif mode == "post" then
   local pairs_, n, i = {}, 0, 0
   local base = os.getenv("BENCH_BODY")
   local hdr = { ["Content-Type"] = "application/x-www-form-urlencoded" }
   local prefixes = { "130", "135", "138", "150", "159", "177", "186", "199" }
   used, reused = 0, 0
   function init(args)
      local k = 0
      for line in io.lines(os.getenv("BENCH_TOKENS")) do
         if k % nthreads == tid and #line > 0 then
            n = n + 1; pairs_[n] = line:gsub(" ", "&csrf=", 1)
         end
         k = k + 1
      end
      if n == 0 then error("bench.lua: no form tokens") end
   end
   function request()
      i = i + 1
      if i > n then reused = reused + 1 end   -- a duplicate: counted, reported
      used = i
      local p = pairs_[(i - 1) % n + 1]
      local phone = prefixes[i % #prefixes + 1] ..
         string.format("%08d", (tid * 40000000 + i * 7) % 100000000)
      return wrk.format("POST", "/order/new", hdr,
         base .. "&phone=" .. phone .. "&nonce=" .. p)
   end
end

function done(summary, latency, requests)
   local e = summary.errors
   local sent, dup = 0, 0
   for _, t in ipairs(threads) do
      sent = sent + (tonumber(t:get("used")) or 0)
      dup = dup + (tonumber(t:get("reused")) or 0)
   end
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
      '"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d,' ..
      '"post_sent":%d,"post_reused":%d}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency.max, latency.mean,
      e.connect, e.read, e.write, e.status, e.timeout, sent, dup))
end
