/**
 * Post-build image assessment, plugged into the core through ServiceLoader: the image config and
 * history ({@link dev.stowaway.analyzers.iac.image.ImageConfigMisconfigAnalyzer}), setuid/setgid and
 * world-writable files ({@link dev.stowaway.analyzers.iac.image.SetuidFileAnalyzer}), and system files
 * ({@link dev.stowaway.analyzers.iac.image.SystemFilesMisconfigAnalyzer}).
 */
package dev.stowaway.analyzers.iac.image;
