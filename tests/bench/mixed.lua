-- mixed.lua: the wrk script of `make bench`'s "day in the life" (mixed,
-- issue 18 part 5; tests/bench/mixed.mjs writes its plan). Every request
-- is one of several kinds, picked at random by weight, and carries its
-- kind in an X-Bench-Kind header: nginx logs it with the request's time
-- (wrk's Lua cannot time a request), sidan ignores it.
--
-- Environment, read once by each thread's state:
--   BENCH_THREADS  wrk's -t, so that threads share the form tokens out
--   BENCH_PLAN     the plan, one item a line:
--                    W KIND WEIGHT      the kind's share of the requests
--                    P KIND PATH        a path of the kind (one picked at random)
--                    C KIND COOKIE      a cookie of the kind (one picked at random)
--                  kinds with a special request: track (PATH is a prefix:
--                  a code from BENCH_CODES is appended), post (POST PATH with
--                  a fresh form token from BENCH_TOKENS), open311 (sent with
--                  If-None-Match: the ETag this thread last got for a JSON list)
--   BENCH_CODES    tracking codes, one a line
--   BENCH_TOKENS   "nonce token" lines, every one fresh; threads take
--                  alternate lines and use each once
--   BENCH_BODY     the form's other fields, urlencoded (a varied valid phone,
--                  the nonce and the token are appended)
-- done() prints "BENCH_JSON {...}" as bench.lua's does (common.lua).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local common = require("common")

local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")

setup = common.setup

local kinds, total = {}, 0        -- { name, weight, cumulative }
local paths, cookies = {}, {}     -- kind -> list
local codes, ncodes = {}, 0
local tokens, ntokens, itoken = {}, 0, 0
local body = os.getenv("BENCH_BODY") or ""
local etag = nil                  -- the last ETag of an Open311 list seen
used, reused = 0, 0

local function add(t, k, v)
   t[k] = t[k] or {}
   table.insert(t[k], v)
end

local function pick(list)
   return list[math.random(#list)]
end

function init(args)
   for line in io.lines(os.getenv("BENCH_PLAN")) do
      local t, k, v = line:match("^(%u) (%S+) (.+)$")
      if t == "W" then
         total = total + tonumber(v)
         table.insert(kinds, { name = k, cum = total })
      elseif t == "P" then
         add(paths, k, v)
      elseif t == "C" then
         add(cookies, k, v)
      end
   end
   if total == 0 then error("mixed.lua: no kinds in the plan") end
   codes, ncodes = common.lines(os.getenv("BENCH_CODES"))
   local f = os.getenv("BENCH_TOKENS")
   if f and #f > 0 then
      tokens, ntokens = common.tokens(f, nthreads, tid)
   end
   common.seed(tid)
end

function request()
   local r = math.random() * total
   local kind = kinds[#kinds].name
   for _, k in ipairs(kinds) do
      if r < k.cum then kind = k.name; break end
   end
   local h = { ["X-Bench-Kind"] = kind }
   if cookies[kind] then h["Cookie"] = pick(cookies[kind]) end
   local p = paths[kind] and pick(paths[kind]) or "/"
   if kind == "track" then
      return wrk.format("GET", p .. codes[math.random(ncodes)], h)
   elseif kind == "post" then
      itoken = itoken + 1
      if itoken > ntokens then reused = reused + 1 end
      used = itoken
      local t = tokens[(itoken - 1) % ntokens + 1]
      local phone = common.phone(tid, itoken, 3)
      h["Content-Type"] = "application/x-www-form-urlencoded"
      return wrk.format("POST", p, h, body .. "&phone=" .. phone .. "&nonce=" .. t)
   elseif kind == "open311" and etag then
      h["If-None-Match"] = etag
   end
   return wrk.format("GET", p, h)
end

-- Keeps the ETag of the Open311 list: the only JSON answer of the mix.
function response(status, headers, body)
   if status == 200 then
      local t = headers["Content-Type"] or headers["content-type"]
      if t and t:find("application/json", 1, true) then
         etag = headers["ETag"] or headers["Etag"] or headers["etag"] or etag
      end
   end
end

done = common.bench_done
