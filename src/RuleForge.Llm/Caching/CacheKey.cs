using System.Security.Cryptography;
using System.Text;
using RuleForge.Core.Serialization;

namespace RuleForge.Llm.Caching;

/// <summary>SHA-256 (lowercase hex) of a request fingerprint's canonical JSON: equal requests, equal keys.</summary>
public static class CacheKey
{
    /// <summary>The key of <paramref name="fingerprint"/>; with <paramref name="endpoint"/>, also of the server asked (the cache keeps servers apart, record files do not).</summary>
    public static string Of(RequestFingerprint fingerprint, string? endpoint = null)
    {
        var json = CanonicalJson.Serialize(fingerprint);
        if (endpoint is not null)
        {
            json += "\n" + endpoint;
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
