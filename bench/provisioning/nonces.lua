-- wrk script: asks once for a protected file of every device of a fleet without credentials and keeps the nonce of
-- the 401's Digest challenge, for digest.lua. Thread k asks for the devices i with i % threads == k in order, over one
-- connection (so answers come in request order and each is matched to its device), and appends "i nonce" lines to
-- OUT.k; it stops after its share.
--   wrk -tT -cT ... -s nonces.lua URL -- PATH_BEFORE FLEET COUNT PATH_AFTER THREADS OUT
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  before, fleet, count, after, threads = args[1], args[2], tonumber(args[3]), args[4], tonumber(args[5])
  out = io.open(args[6] .. "." .. id, "w")
  nexti, answered = id, 0
  -- wrk calls request() once more in the first thread to check the script; that request is never sent.
  if id == 0 then nexti = -threads end
  share = math.floor((count - 1 - id) / threads) + 1
end

function request()
  local i = math.max(0, math.min(nexti, count - 1))
  nexti = nexti + threads
  return wrk.format("GET", string.format("%s%s%06x%s", before, fleet, i, after))
end

function response(status, headers, body)
  if answered >= share then return end
  local i = id + answered * threads
  answered = answered + 1
  local nonce = "-"
  for name, value in pairs(headers) do
    if name:lower() == "www-authenticate" then nonce = value:match('nonce="([^"]+)"') or "-" end
  end
  out:write(i, " ", status == 401 and nonce or ("status-" .. status), "\n")
  if answered == share then
    out:close()
    wrk.thread:stop()
  end
end
