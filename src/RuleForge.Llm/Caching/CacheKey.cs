using System.Security.Cryptography;
using System.Text;
using RuleForge.Core.Serialization;

namespace RuleForge.Llm.Caching;

/// <summary>SHA-256 (lowercase hex) of a request fingerprint's canonical JSON: equal requests, equal keys.</summary>
public static class CacheKey
{
    public static string Of(RequestFingerprint fingerprint)
    {
        var json = CanonicalJson.Serialize(fingerprint);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
