using System.Text.Json;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>
/// The checks a new streaming policy must pass. Policies are immutable, so everything a locator or the origin relies
/// on later (protocols, labels, key policies, URL templates) is refused here with a 400 that names the field.
/// </summary>
internal static class StreamingPolicyValidator
{
    private const int MaxTemplateLength = 2048;
    private const int MaxTextLength = 4096;
    private const string ContentKeyIdToken = "{ContentKeyId}";
    private const string AlternativeMediaIdToken = "{AlternativeMediaId}";

    public static void Validate(ResourceRequest request, StreamingPolicyProperties policy)
    {
        if (policy.NoEncryption is null && policy.EnvelopeEncryption is null && policy.CommonEncryptionCenc is null &&
            policy.CommonEncryptionCbcs is null)
        {
            throw ArmException.BadRequest(
                "A streaming policy needs at least one of 'noEncryption', 'envelopeEncryption', 'commonEncryptionCenc' and 'commonEncryptionCbcs'.",
                "properties");
        }

        if (policy.NoEncryption is { } clear)
        {
            CheckProtocols(clear.EnabledProtocols, "properties.noEncryption", encrypted: false);
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (scheme, section) in policy.EncryptedSchemes())
        {
            var target = "properties." + JsonNamingPolicy.CamelCase.ConvertName(scheme.ToString());
            CheckProtocols(section.EnabledProtocols, target, encrypted: true);
            if (scheme == EncryptionScheme.CommonEncryptionCbcs && section.EnabledProtocols!.SmoothStreaming == true)
            {
                throw ArmException.BadRequest(
                    $"'{target}.enabledProtocols.smoothStreaming' must be false: Smooth Streaming cannot carry cbcs. Use commonEncryptionCenc for Smooth.",
                    target + ".enabledProtocols.smoothStreaming");
            }

            CheckTrackSelections(section.ClearTracks, target + ".clearTracks", allowEmpty: true);
            CheckContentKeys(request, section.ContentKeys, target + ".contentKeys", labels);
            CheckTrackOwners(section, target);
        }

        CheckTemplate(policy.EnvelopeEncryption?.CustomKeyAcquisitionUrlTemplate,
            "properties.envelopeEncryption.customKeyAcquisitionUrlTemplate", allowContentKeyId: true);
        if (policy.CommonEncryptionCenc is { } cenc)
        {
            const string target = "properties.commonEncryptionCenc";
            CheckPlayReady(cenc.Drm?.PlayReady, target + ".drm.playReady");
            CheckTemplate(cenc.Drm?.Widevine?.CustomLicenseAcquisitionUrlTemplate,
                target + ".drm.widevine.customLicenseAcquisitionUrlTemplate", allowContentKeyId: true);
            CheckTemplate(cenc.ClearKeyEncryptionConfiguration?.CustomKeysAcquisitionUrlTemplate,
                target + ".clearKeyEncryptionConfiguration.customKeysAcquisitionUrlTemplate", allowContentKeyId: false);
        }

        if (policy.CommonEncryptionCbcs is { } cbcs)
        {
            const string target = "properties.commonEncryptionCbcs";
            if (cbcs.Drm?.FairPlay is { } fairPlay)
            {
                if (fairPlay.AllowPersistentLicense is null)
                {
                    throw ArmException.BadRequest($"'{target}.drm.fairPlay.allowPersistentLicense' is required.",
                        target + ".drm.fairPlay.allowPersistentLicense");
                }

                CheckTemplate(fairPlay.CustomLicenseAcquisitionUrlTemplate,
                    target + ".drm.fairPlay.customLicenseAcquisitionUrlTemplate", allowContentKeyId: true);
            }

            CheckPlayReady(cbcs.Drm?.PlayReady, target + ".drm.playReady");
            CheckTemplate(cbcs.Drm?.Widevine?.CustomLicenseAcquisitionUrlTemplate,
                target + ".drm.widevine.customLicenseAcquisitionUrlTemplate", allowContentKeyId: true);
            CheckTemplate(cbcs.ClearKeyEncryptionConfiguration?.CustomKeysAcquisitionUrlTemplate,
                target + ".clearKeyEncryptionConfiguration.customKeysAcquisitionUrlTemplate", allowContentKeyId: false);
        }

        if (policy.DefaultContentKeyPolicyName is not null)
        {
            ContentKeyPolicyReferences.Require(request, policy.DefaultContentKeyPolicyName, "properties.defaultContentKeyPolicyName");
        }
    }

    private static void CheckProtocols(EnabledProtocols? protocols, string section, bool encrypted)
    {
        var target = section + ".enabledProtocols";
        if (protocols is null)
        {
            throw ArmException.BadRequest($"'{target}' is required.", target);
        }

        foreach (var (name, value) in new[]
        {
            ("download", protocols.Download), ("dash", protocols.Dash), ("hls", protocols.Hls), ("smoothStreaming", protocols.SmoothStreaming),
        })
        {
            if (value is null)
            {
                throw ArmException.BadRequest($"'{target}.{name}' is required: give all four of download, dash, hls and smoothStreaming.",
                    $"{target}.{name}");
            }
        }

        if (encrypted && protocols.Download == true)
        {
            throw ArmException.BadRequest(
                $"'{target}.download' must be false: progressive download is only possible with 'noEncryption'.", target + ".download");
        }

        if (protocols is { Download: false, Dash: false, Hls: false, SmoothStreaming: false })
        {
            throw ArmException.BadRequest($"'{target}' enables no protocol; enable at least one or leave the section out.", target);
        }
    }

    private static void CheckContentKeys(ResourceRequest request, StreamingPolicyContentKeys? keys, string target, Dictionary<string, string> labels)
    {
        // Labels are how a locator's caller-supplied keys find their place, so a non-empty label may appear once per
        // policy. An empty label is allowed once per scheme (the unlabelled default key).
        var schemeLabels = new HashSet<string>(StringComparer.Ordinal);
        void Claim(string? label, string where)
        {
            var value = label ?? "";
            if (!schemeLabels.Add(value))
            {
                throw ArmException.BadRequest(value.Length == 0
                    ? $"'{where}' needs a label: the scheme's default key ('{target}.defaultKey', there even when left out) is the one " +
                        "key of a scheme without a label."
                    : $"The label '{value}' is used twice in '{target}'. Labels must be unique.", where);
            }

            if (value.Length > 0 && !labels.TryAdd(value, where))
            {
                throw ArmException.BadRequest($"The label '{value}' of '{where}' is already used by '{labels[value]}'. Labels must be unique.", where);
            }
        }

        Claim(keys?.DefaultKey?.Label, target + ".defaultKey.label");
        if (keys?.DefaultKey?.PolicyName is { } defaultPolicy)
        {
            ContentKeyPolicyReferences.Require(request, defaultPolicy, target + ".defaultKey.policyName");
        }

        var mappings = keys?.KeyToTrackMappings ?? [];
        for (var i = 0; i < mappings.Count; i++)
        {
            var where = $"{target}.keyToTrackMappings[{i}]";
            var mapping = mappings[i] ?? throw ArmException.BadRequest($"'{where}' cannot be null.", where);
            Claim(mapping.Label, where + ".label");
            if (mapping.PolicyName is { } policyName)
            {
                ContentKeyPolicyReferences.Require(request, policyName, where + ".policyName");
            }

            CheckTrackSelections(mapping.Tracks, where + ".tracks", allowEmpty: false);
        }
    }

    private static void CheckTrackSelections(IReadOnlyList<TrackSelection>? tracks, string target, bool allowEmpty)
    {
        if (tracks is null || tracks.Count == 0)
        {
            if (!allowEmpty)
            {
                throw ArmException.BadRequest($"'{target}' needs at least one track selection.", target);
            }

            return;
        }

        for (var i = 0; i < tracks.Count; i++)
        {
            var where = $"{target}[{i}].trackSelections";
            var conditions = tracks[i]?.TrackSelections;
            if (conditions is null || conditions.Count == 0)
            {
                throw ArmException.BadRequest($"'{where}' needs at least one condition.", where);
            }

            for (var j = 0; j < conditions.Count; j++)
            {
                var condition = conditions[j];
                var at = $"{where}[{j}]";
                if (condition?.Property is not TrackPropertyType.FourCC)
                {
                    throw ArmException.BadRequest($"'{at}.property' must be 'FourCC'.", at + ".property");
                }

                if (condition.Operation is not TrackPropertyCompareOperation.Equal)
                {
                    throw ArmException.BadRequest($"'{at}.operation' must be 'Equal'.", at + ".operation");
                }

                if (string.IsNullOrWhiteSpace(condition.Value) || condition.Value.Length > 64)
                {
                    throw ArmException.BadRequest($"'{at}.value' must be a FourCC such as 'avc1' or 'hev1'.", at + ".value");
                }
            }
        }
    }

    // Each FourCC is either clear or encrypted under one mapped key: a track the origin could place two ways would be
    // encrypted by whichever rule it read first.
    private static void CheckTrackOwners(IEncryptedScheme section, string target)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Own(IReadOnlyList<TrackSelection>? selections, string owner)
        {
            foreach (var fourCc in (selections ?? []).Select(Matched).OfType<string>())
            {
                if (owners.TryGetValue(fourCc, out var other) && other != owner)
                {
                    throw ArmException.BadRequest(
                        $"Tracks of FourCC '{fourCc}' are selected by both {other} and {owner}: a track is either clear or under one key.", target);
                }

                owners[fourCc] = owner;
            }
        }

        Own(section.ClearTracks, $"'{target}.clearTracks'");
        var mappings = section.ContentKeys?.KeyToTrackMappings ?? [];
        for (var i = 0; i < mappings.Count; i++)
        {
            Own(mappings[i]?.Tracks, $"'{target}.contentKeys.keyToTrackMappings[{i}]'");
        }
    }

    // The FourCC a selection (conditions ANDed, all FourCC Equal) matches; null when its conditions disagree and it matches none.
    private static string? Matched(TrackSelection? selection)
    {
        var values = (selection?.TrackSelections ?? []).Select(c => c?.Value).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return values.Count == 1 ? values[0] : null;
    }

    private static void CheckPlayReady(StreamingPolicyPlayReadyConfiguration? playReady, string target)
    {
        if (playReady is null)
        {
            return;
        }

        CheckTemplate(playReady.CustomLicenseAcquisitionUrlTemplate, target + ".customLicenseAcquisitionUrlTemplate", allowContentKeyId: true);
        if (playReady.PlayReadyCustomAttributes is { Length: > MaxTextLength })
        {
            throw ArmException.BadRequest($"'{target}.playReadyCustomAttributes' is longer than {MaxTextLength} characters.",
                target + ".playReadyCustomAttributes");
        }
    }

    /// <summary>
    /// A template must be an absolute http(s) URL once its tokens are replaced, and may use only the documented tokens:
    /// <c>{ContentKeyId}</c> and <c>{AlternativeMediaId}</c>, or only the latter for ClearKey.
    /// </summary>
    internal static void CheckTemplate(string? template, string target, bool allowContentKeyId)
    {
        if (template is null)
        {
            return;
        }

        var allowed = allowContentKeyId ? $"{ContentKeyIdToken} and {AlternativeMediaIdToken}" : AlternativeMediaIdToken;
        if (template.Length is 0 or > MaxTemplateLength)
        {
            throw ArmException.BadRequest($"'{target}' must be an absolute http or https URL of at most {MaxTemplateLength} characters.", target);
        }

        var resolved = new System.Text.StringBuilder(template.Length);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw ArmException.BadRequest($"'{target}' contains white space or control characters.", target);
            }

            if (c == '}')
            {
                throw ArmException.BadRequest($"'{target}' has a '}}' without a matching '{{'. Tokens are {allowed}.", target);
            }

            if (c != '{')
            {
                resolved.Append(c);
                continue;
            }

            var end = template.IndexOf('}', i);
            if (end < 0)
            {
                throw ArmException.BadRequest($"'{target}' has a '{{' without a matching '}}'. Tokens are {allowed}.", target);
            }

            var token = template[i..(end + 1)];
            if (token == AlternativeMediaIdToken || (allowContentKeyId && token == ContentKeyIdToken))
            {
                resolved.Append("00000000-0000-0000-0000-000000000000");
            }
            else
            {
                var hint = token == "{AssetAlternativeId}" ? $" Use {AlternativeMediaIdToken}." : "";
                throw ArmException.BadRequest($"'{target}' uses the token '{token}', which is not supported here; the tokens are {allowed}.{hint}",
                    target);
            }

            i = end;
        }

        if (!Uri.TryCreate(resolved.ToString(), UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            throw ArmException.BadRequest($"'{target}' must be an absolute http or https URL, e.g. 'https://keys.example.com/{{ContentKeyId}}'.", target);
        }
    }
}
