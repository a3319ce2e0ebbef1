package ec2

import (
	"fmt"
	"time"

	"github.com/amityhq/amity/internal/wire/jsonio"
)

// decodeRecord reads an instance record as encoding/json wrote it,
// without reflection: a page of DescribeInstances reads a thousand, and
// encoding/json took two thirds of its time. TestInstanceRecordDecoding
// holds it to encoding/json's reading of every field.
func (r *instanceRecord) decodeRecord(raw []byte) error {
	d := &recordDecoder{Decoder: jsonio.NewDecoder(raw)}
	r.decode(d)
	if err := d.Err(); err != nil {
		return fmt.Errorf("instance record: %s", err.Message)
	}
	if d.err != nil {
		return fmt.Errorf("instance record: %w", d.err)
	}
	return nil
}

// recordDecoder is a JSON decoder that also reads times as encoding/json
// writes them (RFC 3339), keeping the first that does not parse.
type recordDecoder struct {
	*jsonio.Decoder
	err error
}

func (d *recordDecoder) time() time.Time {
	s := d.StringValue()
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil && d.err == nil {
		d.err = err
	}
	return t
}

func (r *instanceRecord) decode(d *recordDecoder) {
	for o := d.Object(); o.Next(); {
		switch string(o.Key()) {
		case "id":
			r.ID = d.StringValue()
		case "account":
			r.Account = d.StringValue()
		case "region":
			r.Region = d.StringValue()
		case "reservationId":
			r.ReservationID = d.StringValue()
		case "imageId":
			r.ImageID = d.StringValue()
		case "type":
			r.Type = d.StringValue()
		case "keyName":
			r.KeyName = d.StringValue()
		case "zone":
			r.Zone = d.StringValue()
		case "subnetId":
			r.SubnetID = d.StringValue()
		case "vpcId":
			r.VpcID = d.StringValue()
		case "privateIp":
			r.PrivateIP = d.StringValue()
		case "launchIndex":
			r.LaunchIndex = d.Int32Value()
		case "launched":
			r.Launched = d.time()
		case "clientToken":
			r.ClientToken = d.StringValue()
		case "architecture":
			r.Architecture = d.StringValue()
		case "platform":
			r.Platform = d.StringValue()
		case "rootDevice":
			r.RootDevice = d.StringValue()
		case "profile":
			r.Profile = d.StringValue()
		case "profileId":
			r.ProfileID = d.StringValue()
		case "userData":
			r.UserData = d.StringValue()
		case "state":
			r.State = d.StringValue()
		case "settles":
			r.Settles = d.time()
		case "settled":
			r.Settled = d.StringValue()
		case "code":
			r.Code = d.StringValue()
		case "message":
			r.Message = d.StringValue()
		case "transitionReason":
			r.TransitionReason = d.StringValue()
		case "volumes":
			r.Volumes = decodeList(d, func(v *instanceVolume) {
				for o := d.Object(); o.Next(); {
					switch string(o.Key()) {
					case "device":
						v.Device = d.StringValue()
					case "volumeId":
						v.VolumeID = d.StringValue()
					case "deleteOnTermination":
						v.DeleteOnTermination = d.BoolValue()
					case "attachTime":
						v.AttachTime = d.time()
					default:
						d.Skip()
					}
				}
			})
		case "groups":
			r.Groups = decodeList(d, func(g *groupRef) { decodePair(d, "id", &g.ID, "name", &g.Name) })
		case "grants":
			r.Grants = decodeList(d, func(g *grantRef) { decodePair(d, "keyArn", &g.KeyARN, "grantId", &g.GrantID) })
		case "tags":
			r.Tags = decodeList(d, func(t *tag) { decodePair(d, "key", &t.Key, "value", &t.Value) })
		default:
			d.Skip()
		}
	}
}

// decodeList reads a JSON array of objects, each by decode; null reads
// as nil, as encoding/json reads it.
func decodeList[T any](d *recordDecoder, decode func(*T)) []T {
	if d.Null() {
		return nil
	}
	out := []T{}
	for a := d.Array(); a.Next(); {
		var v T
		decode(&v)
		out = append(out, v)
	}
	return out
}

// decodePair reads an object of two string members.
func decodePair(d *recordDecoder, nameA string, a *string, nameB string, b *string) {
	for o := d.Object(); o.Next(); {
		switch string(o.Key()) {
		case nameA:
			*a = d.StringValue()
		case nameB:
			*b = d.StringValue()
		default:
			d.Skip()
		}
	}
}
