-- The six settings of device i of the settings fleet, as bench/settings/run.sh writes them (its awk and SQL compute
-- the same), and check(i, body) for bench_sweep (SWEEP_CHECK): device i's Maxwell 1.0 settings.xml carries its own
-- account 0, each value as the StAX writer escapes it in an attribute ("&" as "&amp;").
function values(i)
  return {
    AccountName = "Desk " .. i,
    DisplayName = "Reception " .. i .. " &amp; Co",
    AuthName = string.format("u%07d", i),
    AuthPassword = string.format("pw-%06x-%d", (i * 7919 + 13) % 16777216, i),
    Username = tostring(100000 + i),
    Domain = "pbx" .. (i % 10) .. ".acme.test",
  }
end

function check(i, body)
  if body == nil then return false end
  for name, value in pairs(values(i)) do
    if not string.find(body, 'name="SIP.Account.0.' .. name .. '" value="' .. value .. '"', 1, true) then
      return false
    end
  end
  return true
end
