using Meridian.Region.ControlPlane.StreamingPolicies;

namespace Meridian.Region.Streaming;

/// <summary>
/// Decides which encryption scheme serves a request under a locator's streaming policy, with the AMS rules: the format
/// must be enabled by a scheme of the policy (else 403 <c>MPE_OUTPUT_FORMAT_BLOCKED</c>); <c>encryption=</c> is required
/// for CMAF output of an encrypted policy and whenever several encrypted schemes enable the protocol (else 400
/// <c>MPE_ENC_ENCRYPTION_NOT_SPECIFIED_IN_URL</c>); a named scheme must be in the policy (else 403
/// <c>MPE_ENC_ENCRYPTION_NOT_SET_IN_DELIVERY_POLICY</c>).
/// </summary>
public static class StreamingPolicyGate
{
    public static EncryptionScheme Resolve(StreamingPolicyProperties policy, StreamingRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        var protocol = request.Protocol switch
        {
            StreamingProtocolFamily.Hls => StreamingProtocol.Hls,
            StreamingProtocolFamily.Dash => StreamingProtocol.Dash,
            StreamingProtocolFamily.Smooth => StreamingProtocol.SmoothStreaming,
            _ => StreamingProtocol.Download,
        };
        var enabling = policy.Schemes().Where(s => s.Protocols.Has(protocol)).Select(s => s.Scheme).ToList();

        if (request.Encryption is { } named)
        {
            var scheme = named switch
            {
                "cbc" => EncryptionScheme.EnvelopeEncryption,
                "cenc" => EncryptionScheme.CommonEncryptionCenc,
                _ => EncryptionScheme.CommonEncryptionCbcs,
            };
            if (!policy.Schemes().Any(s => s.Scheme == scheme))
            {
                throw new OriginException(403, "MPE_ENC_ENCRYPTION_NOT_SET_IN_DELIVERY_POLICY",
                    $"The streaming policy has no {scheme} configuration for encryption={named}.");
            }

            if (!enabling.Contains(scheme))
            {
                throw new OriginException(403, "MPE_OUTPUT_FORMAT_BLOCKED", $"The streaming policy does not enable {protocol} with {scheme}.");
            }

            return scheme;
        }

        if (enabling.Contains(EncryptionScheme.NoEncryption))
        {
            return EncryptionScheme.NoEncryption;
        }

        if (enabling.Count == 0)
        {
            throw new OriginException(403, "MPE_OUTPUT_FORMAT_BLOCKED", $"The streaming policy does not enable {protocol}.");
        }

        if (enabling.Count > 1 || request.IsCmaf)
        {
            throw new OriginException(400, "MPE_ENC_ENCRYPTION_NOT_SPECIFIED_IN_URL",
                "The streaming policy encrypts this format; name the scheme with encryption= in the URL.");
        }

        return enabling[0];
    }
}
