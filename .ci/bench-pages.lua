-- wrk script of `make bench` (assessments/management/commands/bench_pages.py).
-- GET: the page given to wrk, with the session cookie of BENCH_COOKIE if any.
-- POST (BENCH_SLOTS set): answers saved, each request the first answer to one question of
-- one assessment, from the file of addresses BENCH_SLOTS, yes and no in turn; each wrk
-- thread takes its own lines, so no two requests ever save the same answer.
local cookie = os.getenv("BENCH_COOKIE") or ""
local csrf = os.getenv("BENCH_CSRF") or ""
local slots_file = os.getenv("BENCH_SLOTS")
local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
local counter = 1
local ids = 0
local slots = {}

function setup(thread)
  thread:set("thread_id", ids)
  ids = ids + 1
end

function init(args)
  if slots_file then
    local line_number = 0
    for line in io.lines(slots_file) do
      if line_number % threads == thread_id then
        slots[#slots + 1] = line
      end
      line_number = line_number + 1
    end
  end
end

function request()
  local headers = {}
  if cookie ~= "" then
    headers["Cookie"] = cookie
  end
  if not slots_file then
    return wrk.format("GET", nil, headers)
  end
  local path = slots[counter]
  local value = (counter % 2 == 0) and "yes" or "no"
  counter = counter + 1
  if counter > #slots then
    counter = 1 -- out of fresh questions: the saves that follow are refused as conflicts
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local body = "csrfmiddlewaretoken=" .. csrf .. "&value=" .. value .. "&comment=&revision="
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f p50=%.2f p95=%.2f p99=%.2f non2xx3xx=%d socket=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
