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
-- latencies in microseconds, errors split the way wrk counts them. The
-- helpers all three wrk scripts share are in common.lua.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local common = require("common")

local mode = os.getenv("BENCH_MODE") or "plain"
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")

setup = common.setup

if mode == "track" then
   local codes, n = {}, 0
   function init(args)
      codes, n = common.lines(os.getenv("BENCH_CODES"))
      if n == 0 then error("bench.lua: no tracking codes") end
      common.seed(tid)
   end
   function request()
      return wrk.format("GET", "/track/" .. codes[math.random(n)])
   end
elseif mode == "post" then
   local pairs_, n, i = {}, 0, 0
   local base = os.getenv("BENCH_BODY")
   local hdr = { ["Content-Type"] = "application/x-www-form-urlencoded" }
   used, reused = 0, 0
   function init(args)
      pairs_, n = common.tokens(os.getenv("BENCH_TOKENS"), nthreads, tid)
      if n == 0 then error("bench.lua: no form tokens") end
   end
   function request()
      i = i + 1
      if i > n then reused = reused + 1 end   -- a duplicate: counted, reported
      used = i
      local p = pairs_[(i - 1) % n + 1]
      local phone = common.phone(tid, i, 0)
      return wrk.format("POST", "/order/new", hdr,
         base .. "&phone=" .. phone .. "&nonce=" .. p)
   end
end

done = common.bench_done
