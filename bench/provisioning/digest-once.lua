-- wrk script: every device of the fleet answers Digest once, as every phone has after a power cut (its first
-- authentication, recorded by the service, is behind it). digest.lua's requests, under the same replay rules; each
-- thread has one connection (-c as -t), so answers come in request order, and after one answer per device of its share
-- it writes "OK ANSWERED" (OK: answers 200) to OUT.<thread> and stops. wrk itself runs until its duration or SIGINT:
-- bench/provisioning/run.sh interrupts it once every thread has written its file.
--   wrk -tT -cT -d3600s -s digest-once.lua URL -- (digest.lua's arguments, THREADS = T) OUT
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "digest.lua")

local digest_init = init

function init(args)
  digest_init(args)
  -- the devices i < COUNT with i % THREADS == id: digest.lua's share of this thread
  share = math.floor((tonumber(args[5]) - 1 - id) / tonumber(args[10])) + 1
  out = args[12] .. "." .. id
  answered, ok = 0, 0
end

function response(status, headers, body)
  if answered >= share then return end
  answered = answered + 1
  if status == 200 then ok = ok + 1 end
  if answered == share then
    local file = io.open(out, "w")
    file:write(ok, " ", answered, "\n")
    file:close()
    wrk.thread:stop()
  end
end
