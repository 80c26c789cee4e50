package dev.stowaway.core.merge;

import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import java.util.List;

/**
 * The merged view of an image's layers.
 *
 * @param os the winning OS description, or null
 * @param packages packages in the final filesystem, located at the layer that introduced them
 * @param findings findings in the final filesystem, plus secrets in files a later layer deleted
 * @param issues every layer's issues
 */
public record MergedLayers(OsRelease os, List<Package> packages, List<Finding> findings, List<AnalysisIssue> issues) {}
