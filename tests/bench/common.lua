-- common.lua: what the wrk scripts of tests/bench share (bench.lua,
-- load.lua, mixed.lua). Each loads it with require, having put its own
-- directory first in package.path:
--   local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
--   package.path = here .. "?.lua;" .. package.path
--   local common = require("common")
-- wrk runs a script in a state of its own for each thread and one for
-- setup() and done(), so each state has its own copy of this module.

local M = {}

-- Main state: the threads as wrk makes them, kept for done().
M.threads = {}
local next_id = 0

-- wrk's setup(): numbers the thread (its global tid) and keeps it.
function M.setup(thread)
   thread:set("tid", next_id)
   next_id = next_id + 1
   table.insert(M.threads, thread)
end

-- Reads the non-empty lines of the file at path. Returns them and how
-- many there are.
function M.lines(path)
   local list, n = {}, 0
   for line in io.lines(path) do
      if #line > 0 then n = n + 1; list[n] = line end
   end
   return list, n
end

-- Reads thread tid's share of a file of "nonce token" lines, fresh every
-- one: the threads take alternate lines (of nthreads), each made into
-- "NONCE&csrf=TOKEN" for a form's nonce field. Returns them and how many.
function M.tokens(path, nthreads, tid)
   local list, n, k = {}, 0, 0
   for line in io.lines(path) do
      if k % nthreads == tid and #line > 0 then
         n = n + 1; list[n] = (line:gsub(" ", "&csrf=", 1))
      end
      k = k + 1
   end
   return list, n
end

local prefixes = { "130", "135", "138", "150", "159", "177", "186", "199" }

-- Returns a valid mobile number for thread tid's i-th post, varied so
-- that no two posts of a run share one (salt sets one script's apart).
function M.phone(tid, i, salt)
   return prefixes[i % #prefixes + 1] ..
      string.format("%08d", (tid * 40000000 + i * 7 + salt) % 100000000)
end

-- Seeds math.random apart in each thread.
function M.seed(tid)
   math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
end

-- Main state: returns the sum over every thread of the thread global name
-- (a number; 0 where it is unset).
function M.sum(name)
   local s = 0
   for _, t in ipairs(M.threads) do
      s = s + (tonumber(t:get(name)) or 0)
   end
   return s
end

-- Returns the figures every done() line starts with, as JSON members:
-- requests, duration and bytes, latencies in microseconds, and the errors
-- split the way wrk counts them.
function M.figures(summary, latency)
   local e = summary.errors
   return string.format(
      '"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
      '"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency.max, latency.mean,
      e.connect, e.read, e.write, e.status, e.timeout)
end

-- done() of bench.lua and mixed.lua: prints one line "BENCH_JSON {...}"
-- with the figures run.mjs reads and the form tokens the threads used
-- (their globals used) and used again (reused).
function M.bench_done(summary, latency, requests)
   io.write(string.format('BENCH_JSON {%s,"post_sent":%d,"post_reused":%d}\n',
      M.figures(summary, latency), M.sum("used"), M.sum("reused")))
end

return M
