-- wrk script: the files of many devices, each request with a valid HTTP Digest answer (RFC 7616, SHA-256, qop=auth),
-- as a phone that holds its credentials and a nonce sends it. Run by bench/provisioning/run.sh against the
-- provisioning service and, with the same script (the same client work; nginx ignores the header), against nginx.
--   wrk -tTHREADS ... -s digest.lua URL -- SHA256_LUA NONCES PATH_BEFORE FLEET COUNT PATH_AFTER USER PASSWORD REALM
--     THREADS RUN
-- NONCES: one line per device i (MAC FLEET + i as 6 hex digits), the nonce the service issued to it, collected by
-- nonces.lua before measuring (a phone gets one with its first 401 and reuses it for the nonce's validity, 5 minutes;
-- those 401 round trips are not measured). Replay rules (NonceCounts): each (nonce, nc) once and nc increasing per
-- nonce. So thread k asks only for the devices i with i % threads == k, each thread walks its devices in a random
-- order and every device once before any again (a device's previous request has long been answered when it comes up
-- again: one in flight per device), and nc = RUN * 2^20 + the device's count in this run (RUN grows with each wrk run
-- of the benchmark, so counts keep increasing across runs).
local sha256
local counter = 0

-- wrk runs setup() and then init() of each thread before it sets up the next, so the number of threads comes as an
-- argument (THREADS, wrk's -t), not from counting here.
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local uris, ha2s, prefixes, counts, order = {}, {}, {}, {}, {}
local n, pos, base, ha1_state, username, realm, cnonce

function init(args)
  sha256 = dofile(args[1])
  local nonce_file, before, fleet, count, after = args[2], args[3], args[4], tonumber(args[5]), args[6]
  username, realm = args[7], args[9]
  local password = args[8]
  threads = tonumber(args[10])
  local run = tonumber(args[11])
  base = run * 1048576
  math.randomseed(os.time() * 100 + id)
  cnonce = string.format("%08x%08x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
  local ha1 = sha256.hex(username .. ":" .. realm .. ":" .. password)
  -- H(A1) is 64 hex digits, exactly the first block of every response hash: compressed once here
  ha1_state = sha256.state(ha1)
  local i = 0
  n = 0
  for nonce in io.lines(nonce_file) do
    if i >= count then break end
    if i % threads == id then
      n = n + 1
      local uri = string.format("%s%s%06x%s", before, fleet, i, after)
      uris[n] = uri
      ha2s[n] = sha256.hex("GET:" .. uri)
      counts[n] = 0
      order[n] = n
      -- what the header repeats for every request of the device
      prefixes[n] = { ":" .. nonce .. ":", 'Digest username="' .. username .. '", realm="' .. realm .. '", uri="'
        .. uri .. '", algorithm=SHA-256, nonce="' .. nonce .. '", qop=auth, cnonce="' .. cnonce .. '", nc=' }
    end
    i = i + 1
  end
  assert(n > 0, "no nonces for thread " .. id .. " in " .. nonce_file)
  for j = n, 2, -1 do
    local k = math.random(1, j)
    order[j], order[k] = order[k], order[j]
  end
  pos = 0
end

function request()
  pos = pos % n + 1
  local d = order[pos]
  local c = counts[d] + 1
  counts[d] = c
  local nc = string.format("%08x", base + c)
  local p = prefixes[d]
  local response = sha256.hex_after(ha1_state, p[1] .. nc .. ":" .. cnonce .. ":auth:" .. ha2s[d])
  return wrk.format("GET", uris[d], { Authorization = p[2] .. nc .. ', response="' .. response .. '"' })
end
