-- load.lua: the wrk script of `make load` (tests/bench/load.mjs): one wrk
-- run that mixes reads and writes the way residents would during a rush.
-- Each thread goes round a fixed cycle of 20 requests, so the mix is exact
-- whatever the latencies:
--   6 POST /order/new       a new request, a fresh form token each (30%)
--   5 GET  /                the home page                          (25%)
--   5 GET  /track/CODE      一码可查 of a random real code           (25%)
--   2 GET  /order/new       the form a resident opens before posting (10%)
--   2 GET  /open311/v2/services.json  the service menu of Open311   (10%)
-- Environment, read by each thread:
--   LOAD_THREADS  wrk's -t, so that threads share the tokens out
--   LOAD_CODES    a file of tracking codes, one a line
--   LOAD_TOKENS   a file of "nonce token" lines, every one fresh; the
--                 threads take alternate lines and use each once
--   LOAD_BODY     the form's other fields, urlencoded (phone, nonce and csrf
--                 are appended)
--   LOAD_ACKS     a path prefix: thread N writes the Location of every 303
--                 it sees (the private link /m/SECRET?new=1) to PREFIX.N
-- done() prints one line "LOAD_JSON {...}" with the figures load.mjs reads:
-- latencies in microseconds, statuses as wrk saw them, requests sent per kind.
-- The helpers all three wrk scripts share are in common.lua.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local common = require("common")

local nthreads = tonumber(os.getenv("LOAD_THREADS") or "1")

setup = common.setup

local CYCLE = { "post", "home", "track", "post", "form", "home", "track", "post",
   "services", "track", "post", "home", "track", "post", "form", "home", "track",
   "post", "services", "home" }
local KINDS = { "post", "home", "track", "form", "services" }

local codes, ncodes = {}, 0
local tokens, ntokens, itoken = {}, 0, 0
local base = os.getenv("LOAD_BODY") or ""
local form_hdr = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local slot = 0
local acks
-- Thread globals, read by done() through thread:get().
sent = { post = 0, home = 0, track = 0, form = 0, services = 0 }
statuses = {}
reused = 0

function init(args)
   codes, ncodes = common.lines(os.getenv("LOAD_CODES"))
   tokens, ntokens = common.tokens(os.getenv("LOAD_TOKENS"), nthreads, tid)
   if ncodes == 0 or ntokens == 0 then error("load.lua: no tracking codes or no form tokens") end
   acks = assert(io.open(os.getenv("LOAD_ACKS") .. "." .. tid, "w"))
   common.seed(tid)
   slot = tid * 7   -- threads start at different places in the cycle
end

function request()
   slot = slot + 1
   local kind = CYCLE[(slot - 1) % #CYCLE + 1]
   sent[kind] = sent[kind] + 1
   if kind == "post" then
      itoken = itoken + 1
      if itoken > ntokens then reused = reused + 1 end   -- counted, reported
      local t = tokens[(itoken - 1) % ntokens + 1]
      local phone = common.phone(tid, itoken, 0)
      return wrk.format("POST", "/order/new", form_hdr,
         base .. "&phone=" .. phone .. "&nonce=" .. t)
   elseif kind == "home" then
      return wrk.format("GET", "/")
   elseif kind == "track" then
      return wrk.format("GET", "/track/" .. codes[math.random(ncodes)])
   elseif kind == "form" then
      return wrk.format("GET", "/order/new")
   else
      return wrk.format("GET", "/open311/v2/services.json")
   end
end

function response(status, headers, body)
   local s = tostring(status)
   statuses[s] = (statuses[s] or 0) + 1
   if status == 303 then
      acks:write((headers["Location"] or headers["location"] or "?"), "\n")
      acks:flush()
   end
end

function done(summary, latency, requests)
   local st, kinds = {}, {}
   for _, t in ipairs(common.threads) do
      for k, v in pairs(t:get("statuses") or {}) do st[k] = (st[k] or 0) + v end
      for k, v in pairs(t:get("sent") or {}) do kinds[k] = (kinds[k] or 0) + v end
   end
   local function obj(tbl, keys)
      local parts = {}
      for _, k in ipairs(keys) do parts[#parts + 1] = string.format('"%s":%d', k, tbl[k] or 0) end
      return "{" .. table.concat(parts, ",") .. "}"
   end
   local skeys = {}
   for k in pairs(st) do skeys[#skeys + 1] = k end
   table.sort(skeys)
   io.write(string.format('LOAD_JSON {%s,"reused":%d,"statuses":%s,"sent":%s}\n',
      common.figures(summary, latency), common.sum("reused"),
      obj(st, skeys), obj(kinds, KINDS)))
end
