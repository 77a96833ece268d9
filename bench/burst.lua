-- wrk script for bench/checkin_load.py: every request is a distinct delegate, spread over
-- the conference's bridge points, and each wrk thread (one connection each) sends exactly
-- its share and then stops, so the number sent is known exactly.
--
-- args: mode (checkin | answer | bare), points file (one code per line), delegates,
--       threads, poll uid, choice ids (comma-separated)
-- Every DUP_EVERY-th delegate of a thread is sent a second time (to another point),
-- DUP_LAG delegates later: a deliberate duplicate that must not be counted again.

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_usec; } timeval;
int gettimeofday(timeval *tv, void *tz);
]]
local tv = ffi.new("timeval")
local function now_us()
   ffi.C.gettimeofday(tv, nil)
   return tonumber(tv.tv_sec) * 1000000 + tonumber(tv.tv_usec)
end

local DUP_EVERY, DUP_LAG = 100, 50
local tid_counter, threads = 0, {}

function setup(thread)
   thread:set("tid", tid_counter)
   tid_counter = tid_counter + 1
   table.insert(threads, thread)
end

local mode, points, choices, poll
local plan = {}       -- delegate numbers in sending order (duplicates included)
-- globals: read by done() through thread:get
n, sent, fillers, first_us, last_us = 0, 0, 0, 0, 0
local marker
local responses = 0
statuses = {}

local function address(k)  -- the bridge point's router, as the reverse proxy reports it
   return string.format("10.%d.%d.%d", math.floor(k / 65536) % 256,
                        math.floor(k / 256) % 256, k % 256)
end

function init(args)
   mode = args[1]
   marker = args[7] and (args[7] .. "/done-" .. tid)
   points = {}
   for line in io.lines(args[2]) do table.insert(points, line) end
   local delegates, nthreads = tonumber(args[3]), tonumber(args[4])
   poll = args[5]
   choices = {}
   for c in string.gmatch(args[6] or "", "%d+") do table.insert(choices, c) end
   local lo = math.floor(tid * delegates / nthreads)
   local hi = math.floor((tid + 1) * delegates / nthreads)
   local pending = {}
   for i = lo, hi - 1 do
      table.insert(plan, i)
      if (i - lo) % DUP_EVERY == DUP_EVERY - 1 then table.insert(pending, {i, i - lo + DUP_LAG}) end
      if #pending > 0 and pending[1][2] == i - lo then
         table.insert(plan, -1 - pending[1][1]); table.remove(pending, 1)
      end
   end
   for _, p in ipairs(pending) do table.insert(plan, -1 - p[1]) end
   n = #plan
end

local function body_for(i)
   local unit = "Điểm cầu số " .. (i % #points)
   if mode == "answer" then
      local c = choices[(i % #choices) + 1]
      if i % 2 == 0 then
         return string.format('{"name":"Nguyễn Văn Đại Biểu %d","unit_text":"%s","choices":[%s]}',
                              i, unit, c)
      end
      return string.format('{"personal_code":"DB-%d","choices":[%s]}', i, c)
   end
   if i % 2 == 0 then
      return string.format('{"name":"Nguyễn Văn Đại Biểu %d","unit_text":"%s","is_party_member":true}',
                           i, unit)
   end
   return string.format('{"personal_code":"DB-%d","name":"Trần Thị Đại Biểu %d"}', i, i)
end

local verified = false

function request()
   -- wrk 4.1 calls request() once in thread 0 before the run, to check the request it
   -- builds (script_verify_request); that call is not sent and must not use a delegate.
   if tid == 0 and not verified then
      verified = true
      return wrk.format("GET", "/healthz")
   end
   if sent >= n then  -- should not happen: the thread stops at its last response
      fillers = fillers + 1
      wrk.thread:stop()
      return wrk.format("GET", "/healthz")
   end
   sent = sent + 1
   if sent == 1 then first_us = now_us() end
   local i, dup = plan[sent], false
   if i < 0 then i, dup = -1 - i, true end
   local k = (i + (dup and 1 or 0)) % #points   -- a duplicate comes through another point
   local path
   if mode == "answer" then
      path = "/api/v1/polls/" .. poll .. "/answer/"
   elseif mode == "bare" then
      path = "/bench/checkin/" .. points[k + 1] .. "/"
   else
      path = "/api/v1/checkin/" .. points[k + 1] .. "/"
   end
   local headers = {["Content-Type"] = "application/json", ["X-Forwarded-For"] = address(k)}
   return wrk.format("POST", path, headers, body_for(i))
end

function response(status, headers, body)
   responses = responses + 1
   statuses[status] = (statuses[status] or 0) + 1
   if responses >= n then
      last_us = now_us()
      if marker then io.open(marker, "w"):close() end  -- tells the script to stop wrk
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   local sent_total, planned, fill, codes = 0, 0, 0, {}
   local first, last = nil, 0
   for _, t in ipairs(threads) do
      local f = t:get("first_us")
      if f > 0 and (first == nil or f < first) then first = f end
      last = math.max(last, t:get("last_us"))
      sent_total = sent_total + t:get("sent")
      planned = planned + t:get("n")
      fill = fill + t:get("fillers")
      for code, count in pairs(t:get("statuses")) do
         codes[code] = (codes[code] or 0) + count
      end
   end
   local parts = {}
   for code, count in pairs(codes) do table.insert(parts, string.format('"%d":%d', code, count)) end
   local e = summary.errors
   io.write(string.format(
      'RESULT {"planned":%d,"sent":%d,"fillers":%d,"completed":%d,"duration_us":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"span_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,"statuses":{%s}}\n',
      planned, sent_total, fill, summary.requests, summary.duration,
      e.connect, e.read, e.write, e.status, e.timeout, last - (first or last),
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      latency.mean, table.concat(parts, ",")))
end
