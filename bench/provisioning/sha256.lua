-- SHA-256 (FIPS 180-4) for wrk's LuaJIT, which has no hash functions: bench/provisioning/digest.lua answers HTTP
-- Digest challenges with it. Loaded with dofile(); returns a table:
--   hex(s)               the lower-case hex digest of string s
--   state(block)         the state after compressing one 64-byte block (a prefix shared by many messages)
--   hex_after(state, s)  the hex digest of block .. s, given state(block), hashing only s (the first block is known)
-- Numbers are LuaJIT's 32-bit bit-library integers (signed); tobit() keeps sums in range.
local bit = require("bit")
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local rshift, lshift, ror, tobit, tohex = bit.rshift, bit.lshift, bit.ror, bit.tobit, bit.tohex
local byte, char, rep, concat = string.byte, string.char, string.rep, table.concat

local K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
for i = 1, 64 do K[i] = tobit(K[i]) end
local INITIAL = {
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
}
for i = 1, 8 do INITIAL[i] = tobit(INITIAL[i]) end

local W = {}

-- Compresses the 64-byte block of s starting at byte offset off (0-based) into state H (8 numbers, changed in place).
local function compress(H, s, off)
  for j = 0, 15 do
    local a, b, c, d = byte(s, off + j * 4 + 1, off + j * 4 + 4)
    W[j] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
  end
  for j = 16, 63 do
    local w15, w2 = W[j - 15], W[j - 2]
    local s0 = bxor(ror(w15, 7), ror(w15, 18), rshift(w15, 3))
    local s1 = bxor(ror(w2, 17), ror(w2, 19), rshift(w2, 10))
    W[j] = tobit(W[j - 16] + s0 + W[j - 7] + s1)
  end
  local a, b, c, d, e, f, g, h = H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8]
  for j = 0, 63 do
    local s1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
    local ch = bxor(band(e, f), band(bnot(e), g))
    local t1 = tobit(h + s1 + ch + K[j + 1] + W[j])
    local s0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
    local maj = bxor(band(a, b), band(a, c), band(b, c))
    h, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + s0 + maj)
  end
  H[1], H[2], H[3], H[4] = tobit(H[1] + a), tobit(H[2] + b), tobit(H[3] + c), tobit(H[4] + d)
  H[5], H[6], H[7], H[8] = tobit(H[5] + e), tobit(H[6] + f), tobit(H[7] + g), tobit(H[8] + h)
end

-- The padding of a message of total length bytes: 0x80, zeros, the length in bits as 8 big-endian bytes.
local function padding(length)
  local bits = length * 8
  local zeros = (55 - length) % 64
  -- messages here are far below 512 MB, so the length's upper 32 bits are zero
  return "\128" .. rep("\0", zeros) .. char(0, 0, 0, 0,
    band(rshift(bits, 24), 255), band(rshift(bits, 16), 255), band(rshift(bits, 8), 255), band(bits, 255))
end

local function digest(H, s, prefixLength)
  local m = s .. padding(prefixLength + #s)
  for off = 0, #m - 1, 64 do compress(H, m, off) end
  return concat({ tohex(H[1]), tohex(H[2]), tohex(H[3]), tohex(H[4]), tohex(H[5]), tohex(H[6]), tohex(H[7]),
    tohex(H[8]) })
end

local sha256 = {}

function sha256.hex(s)
  return digest({ unpack(INITIAL) }, s, 0)
end

function sha256.state(block)
  assert(#block == 64, "a state is taken after exactly one block")
  local H = { unpack(INITIAL) }
  compress(H, block, 0)
  return H
end

function sha256.hex_after(state, s)
  return digest({ unpack(state) }, s, 64)
end

return sha256
