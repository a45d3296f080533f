-- Stops each wrk thread after WRK_MAX_REQUESTS responses (bench/harness.py
-- divides the bound among the threads), so a run is bounded in count as
-- well as by wrk's --duration. Also counts answers by status.
local limit = tonumber(os.getenv("WRK_MAX_REQUESTS") or "0")
local count = 0
local statuses = {}

function response(status, headers, body)
  count = count + 1
  statuses[status] = (statuses[status] or 0) + 1
  if limit > 0 and count >= limit then
    wrk.thread:stop()
  end
end
