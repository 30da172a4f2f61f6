namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary><c>Microsoft.Media/mediaservices/streamingPolicies</c> properties (2022-08-01).</summary>
public sealed record StreamingPolicyProperties
{
    public DateTimeOffset? Created { get; init; }

    /// <summary>The content key policy of keys that name none themselves.</summary>
    public string? DefaultContentKeyPolicyName { get; init; }

    public NoEncryption? NoEncryption { get; init; }

    public EnvelopeEncryption? EnvelopeEncryption { get; init; }

    public CommonEncryptionCenc? CommonEncryptionCenc { get; init; }

    public CommonEncryptionCbcs? CommonEncryptionCbcs { get; init; }

    /// <summary>
    /// The properties as responses show them: AMS always wrote <c>clearTracks</c> and <c>keyToTrackMappings</c> of a
    /// scheme, empty when unused, and clients of its older SDKs iterate them without a null check.
    /// </summary>
    public StreamingPolicyProperties WithEmptyLists() => this with
    {
        EnvelopeEncryption = EnvelopeEncryption is { } envelope
            ? envelope with { ClearTracks = envelope.ClearTracks ?? [], ContentKeys = WithEmptyLists(envelope.ContentKeys) }
            : null,
        CommonEncryptionCenc = CommonEncryptionCenc is { } cenc
            ? cenc with { ClearTracks = cenc.ClearTracks ?? [], ContentKeys = WithEmptyLists(cenc.ContentKeys) }
            : null,
        CommonEncryptionCbcs = CommonEncryptionCbcs is { } cbcs
            ? cbcs with { ClearTracks = cbcs.ClearTracks ?? [], ContentKeys = WithEmptyLists(cbcs.ContentKeys) }
            : null,
    };

    private static StreamingPolicyContentKeys? WithEmptyLists(StreamingPolicyContentKeys? keys) =>
        keys is null ? null : keys with { KeyToTrackMappings = keys.KeyToTrackMappings ?? [] };

    /// <summary>The sections present, in AMS order, with their protocols.</summary>
    public IEnumerable<(EncryptionScheme Scheme, EnabledProtocols Protocols)> Schemes()
    {
        if (NoEncryption?.EnabledProtocols is { } clear)
        {
            yield return (EncryptionScheme.NoEncryption, clear);
        }

        foreach (var (scheme, section) in EncryptedSchemes())
        {
            if (section.EnabledProtocols is { } protocols)
            {
                yield return (scheme, protocols);
            }
        }
    }

    /// <summary>The encrypting sections present, in AMS order.</summary>
    public IEnumerable<(EncryptionScheme Scheme, IEncryptedScheme Section)> EncryptedSchemes()
    {
        if (EnvelopeEncryption is { } envelope)
        {
            yield return (EncryptionScheme.EnvelopeEncryption, envelope);
        }

        if (CommonEncryptionCenc is { } cenc)
        {
            yield return (EncryptionScheme.CommonEncryptionCenc, cenc);
        }

        if (CommonEncryptionCbcs is { } cbcs)
        {
            yield return (EncryptionScheme.CommonEncryptionCbcs, cbcs);
        }
    }

    /// <summary>
    /// The content keys a locator of this policy holds: per encrypting scheme, its default key (with an empty label when
    /// the scheme names none) followed by one key per key-to-track mapping.
    /// </summary>
    public IReadOnlyList<StreamingPolicyKeySlot> KeySlots()
    {
        var slots = new List<StreamingPolicyKeySlot>();
        foreach (var (scheme, section) in EncryptedSchemes())
        {
            var keys = section.ContentKeys;
            slots.Add(new StreamingPolicyKeySlot(scheme, keys?.DefaultKey?.Label ?? "", keys?.DefaultKey?.PolicyName, []));
            foreach (var mapping in keys?.KeyToTrackMappings ?? [])
            {
                slots.Add(new StreamingPolicyKeySlot(scheme, mapping.Label ?? "", mapping.PolicyName, mapping.Tracks ?? []));
            }
        }

        return slots;
    }
}
