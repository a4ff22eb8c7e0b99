-- wrk script of bench/search.sh: sends the searches of a file ("kind TAB query" lines), each once,
-- spread over wrk's threads and marked with their kind (header X-Search-Kind) for the app's access log,
-- then asks for the app's liveness (next to nothing) until bench/search.sh sees them all answered and
-- stops wrk.
-- Usage: wrk -t<threads> -s bench/search.lua <url> -- <file> <threads> [warmup]  (warm-up: unmarked)
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  local step = tonumber(args[2])
  local mark = args[3] ~= "warmup"
  mine = {}
  local n = 0
  for line in io.lines(args[1]) do
    local kind, query = line:match("^([^\t]+)\t(.*)$")
    if kind then
      if n % step == id then
        local headers = { ["Accept"] = "application/json" }
        if mark then headers["X-Search-Kind"] = kind end
        mine[#mine + 1] = wrk.format("GET", "/api/v1/listings?" .. query, headers)
      end
      n = n + 1
    end
  end
  idle = wrk.format("GET", "/livez")
  -- wrk asks the first thread for one request more than it sends, before it starts: that one is this
  if id == 0 then table.insert(mine, 1, idle) end
  sent = 0
end

function request()
  sent = sent + 1
  return mine[sent] or idle
end

-- once this thread's searches are out, the liveness checks come ten a second
function delay()
  return sent >= #mine and 100 or 0
end
