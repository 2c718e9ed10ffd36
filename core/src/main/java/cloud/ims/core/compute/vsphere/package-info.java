/**
 * The VMware Service on a real vCenter: a small typed client for the vSphere Web Services (SOAP) calls IMS needs,
 * and the compute driver built on it.
 */
@NullMarked
package cloud.ims.core.compute.vsphere;

import org.jspecify.annotations.NullMarked;
